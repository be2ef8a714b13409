import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { idParams } from '../platform/http/schemas.js';
import { pageOf, pageQuery } from '../platform/paging.js';
import { movementSchema, presenterFor } from '../registry/registry.presenter.js';
import type { RegistryAccess } from '../registry/visibility.js';
import type { MovementApprovals } from './movement.approvals.js';

const tags = ['movements'];
const path = '/api/v1/movements';

const text = (max: number) => z.string().trim().min(1).max(max);

const decisionBody = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    reason: text(2000).optional().describe('why; required for a veto'),
  })
  .refine((body) => body.decision === 'approved' || body.reason !== undefined, {
    path: ['reason'],
    message: 'A veto needs a reason',
  });

const queuedBreakGlass = z
  .object({
    movementId: z.string(),
    movementPartyId: z.string(),
    approvalId: z.string(),
    partyId: z.string(),
    partyKind: z.enum(['host', 'partner']),
    decidedBy: z.string(),
    decidedAt: z.string(),
    justification: z.string().nullable(),
    superseded: z.boolean(),
    agreementVersion: z.number().int(),
    review: z.enum(['pending', 'overdue', 'reviewed']),
    dueAt: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    note: z.string().nullable(),
    movement: movementSchema.describe('the movement, as the agreement shows it to you'),
  })
  .meta({ id: 'BreakGlassFlag' });

/** Joint approval of movements: approve or veto, break glass, review, and the review queue. */
export const movementApprovalRoutes: FastifyPluginAsyncZod<{
  approvals: MovementApprovals;
  visibility: RegistryAccess;
}> = async (app, { approvals, visibility }) => {
  const presented = presenterFor(visibility, 'movement');

  app.get(
    `${path}/break-glass`,
    {
      config: { access: 'movement.approve' },
      schema: {
        tags,
        summary: 'Break-glass approvals awaiting review (by default pending and overdue), earliest due first',
        description:
          "Each with its movement under the agreement's sharing; an approval on a movement whose approvals the agreement withholds from you is not listed, unless your party gave it.",
        querystring: pageQuery.extend({
          status: z
            .enum(['pending', 'overdue', 'reviewed'])
            .optional()
            .describe('pending or overdue review, or reviewed; without it, every one not yet reviewed'),
        }),
        response: { 200: pageOf(queuedBreakGlass) },
      },
    },
    async (request) => approvals.breakGlassQueue(await visibility.viewing(actorOf(request)), request.query),
  );

  app.post(
    `${path}/:id/approvals`,
    {
      config: { access: 'movement.approve' },
      schema: {
        tags,
        summary: "Approve or veto a movement as your party's coordinator (a veto needs a reason)",
        description:
          'Only a party whose approval the assessment requires, never the requester. The last required approval makes the movement approved; a veto rejects it, until departure.',
        params: idParams,
        body: decisionBody,
        response: { 200: movementSchema },
      },
    },
    async (request) =>
      presented(
        actorOf(request),
        await approvals.decide(
          actorOf(request),
          request.params.id,
          request.body.decision,
          request.body.reason ?? null,
        ),
      ),
  );

  app.post(
    `${path}/:id/break-glass`,
    {
      config: { access: 'movement.break_glass' },
      schema: {
        tags,
        summary: 'Approve a submitted movement alone in an emergency, as the agreement lets your role',
        description:
          "The agreement's emergency clause names the roles and the justification's minimum length; the approval is flagged for the other party's review within its hours.",
        params: idParams,
        body: z.object({ justification: text(2000) }),
        response: { 200: movementSchema },
      },
    },
    async (request) =>
      presented(
        actorOf(request),
        await approvals.breakGlass(actorOf(request), request.params.id, request.body.justification),
      ),
  );

  app.post(
    `${path}/:id/approvals/:approvalId/review`,
    {
      config: { access: 'movement.approve' },
      schema: {
        tags,
        summary: "Review the other party's break-glass approval, with a note: its flag is then cleared",
        params: idParams.extend({ approvalId: idParams.shape.id }),
        body: z.object({ note: text(2000) }),
        response: { 200: movementSchema },
      },
    },
    async (request) =>
      presented(
        actorOf(request),
        await approvals.review(
          actorOf(request),
          request.params.id,
          request.params.approvalId,
          request.body.note,
        ),
      ),
  );
};
