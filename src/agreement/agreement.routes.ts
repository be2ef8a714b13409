import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { recordActionRoutes } from '../access/record-action.routes.js';
import { AppError } from '../platform/errors.js';
import { integerParam } from '../platform/http/schemas.js';
import type { AgreementService, AgreementVersion } from './agreement.service.js';

const summarySchema = z.object({
  version: z.number().int(),
  status: z.enum(['proposed', 'in_force', 'superseded', 'withdrawn']),
  hash: z.string().describe('SHA-256 of the canonical JSON document (RFC 8785): what each party signs'),
  proposedBy: z.string(),
  proposedPartyId: z.string(),
  proposedAt: z.string(),
  inForceAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  signatures: z.array(
    z.object({
      partyId: z.string(),
      userId: z.string(),
      signedAt: z.string(),
      keyId: z.string().nullable(),
      keySignature: z.string().nullable(),
    }),
  ),
  awaiting: z.array(z.string()).describe('parties that have not signed yet'),
});

const versionSchema = summarySchema
  .extend({ source: z.string(), document: z.record(z.string(), z.unknown()) })
  .meta({ id: 'AgreementVersion' });

function summary(v: AgreementVersion) {
  const { source: _s, document: _d, ...rest } = v;
  return rest;
}

const versionParams = z.object({ version: integerParam({ min: 1 }) });

/** The joint agreement: versions, co-signature, and diffs. */
export const agreementRoutes: FastifyPluginAsyncZod<{ agreements: AgreementService }> = async (
  app,
  { agreements },
) => {
  recordActionRoutes(app, {
    path: '/api/v1/agreements',
    tags: ['agreement'],
    response: summarySchema,
    present: summary,
    all: { access: 'agreement.read', summary: 'Every agreement version, newest first', run: agreements.list },
  });

  app.get(
    '/api/v1/agreements/current',
    {
      config: { access: 'agreement.read' },
      schema: {
        tags: ['agreement'],
        summary: 'The version in force',
        response: { 200: versionSchema },
      },
    },
    async (request) => {
      const current = await agreements.inForce();
      if (!current) throw new AppError('agreement_not_found', 'No agreement version is in force yet');
      return agreements.get(actorOf(request), current.version);
    },
  );

  recordActionRoutes(app, {
    path: '/api/v1/agreements',
    tags: ['agreement'],
    response: versionSchema,
    create: {
      access: 'agreement.manage',
      summary:
        'Propose a new version (YAML or JSON text); it takes effect when an admin of every party has signed',
      body: z.object({ source: z.string().min(1).max(200_000) }),
      run: (actor, { source }) => agreements.propose(actor, source),
    },
    params: versionParams,
    actions: {
      read: { access: 'agreement.read', summary: 'One version, with its text', run: agreements.get },
      sign: {
        access: 'agreement.manage',
        summary: 'Sign a proposed version for your party',
        run: agreements.sign,
      },
      withdraw: {
        access: 'agreement.manage',
        summary: 'Withdraw a proposal of your party',
        run: agreements.withdraw,
      },
    },
  });

  app.get(
    '/api/v1/agreements/:version/diff',
    {
      config: { access: 'agreement.read' },
      schema: {
        tags: ['agreement'],
        summary: 'What changed from another version to this one, leaf by leaf',
        params: versionParams,
        querystring: z.object({ from: integerParam({ min: 1 }) }),
        response: {
          200: z.object({
            from: z.number().int(),
            to: z.number().int(),
            changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })),
          }),
        },
      },
    },
    async (request) => agreements.diff(actorOf(request), request.query.from, request.params.version),
  );
};
