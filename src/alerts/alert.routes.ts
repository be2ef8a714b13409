import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { idParams } from '../platform/http/schemas.js';
import { pageOf, pageQuery } from '../platform/paging.js';
import { sharedLocationSchema } from '../registry/registry.presenter.js';
import { alertActions, alertRules, alertSeverities, alertStates, alertSubjectTypes } from './alert.js';
import type { AlertService } from './alert.service.js';

const subjectSchema = z.object({ type: z.enum(alertSubjectTypes), id: z.string() });

export const alertSchema = z
  .object({
    id: z.string(),
    rule: z.enum(alertRules),
    subject: subjectSchema,
    partyId: z
      .string()
      .nullable()
      .describe("the subject's party; null for an incident's alert, every party's"),
    state: z.enum(alertStates),
    severity: z.enum(alertSeverities),
    eventAt: z.string().describe('when what raised it happened (a fix: the device’s time)'),
    raisedAt: z.string(),
    location: sharedLocationSchema,
    details: z
      .record(z.string(), z.unknown())
      .describe("the rule's facts; empty unless you see the location exactly"),
    affected: z
      .array(
        z.object({
          type: z.enum(['person', 'unit', 'site', 'movement']),
          id: z.string(),
          partyId: z.string(),
          distanceM: z.number(),
        }),
      )
      .describe('the subjects an incident affects that you see exactly'),
    affectedWithheld: z.number().int().describe('affected subjects the agreement does not show you'),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgeNote: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolveNote: z.string().nullable(),
    version: z.number().int(),
    actions: z.array(z.enum(Object.keys(alertActions) as [keyof typeof alertActions])),
  })
  .meta({ id: 'Alert' });

/** `?state=` once or repeated. */
const states = z
  .union([z.enum(alertStates), z.array(z.enum(alertStates)).max(alertStates.length)])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .optional()
  .describe('only alerts in these states (repeat the parameter for several)');

const note = z.string().trim().min(3).max(2000).describe('what was done, in a few words');

/** Alerts: list, read, acknowledge, resolve; an SOS from the API. */
export const alertRoutes: FastifyPluginAsyncZod<{ alerts: AlertService }> = async (app, { alerts }) => {
  app.get(
    '/api/v1/alerts',
    {
      config: { access: 'alert.read' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts you may see, newest first, by state, rule and subject',
        querystring: pageQuery.extend({
          state: states,
          rule: z.enum(alertRules).optional(),
          subjectType: z.enum(alertSubjectTypes).optional(),
          subjectId: z.string().min(1).max(100).optional(),
        }),
        response: { 200: pageOf(alertSchema) },
      },
    },
    async (request) => alerts.list(actorOf(request), request.query),
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      config: { access: 'alert.read' },
      schema: {
        tags: ['alerts'],
        summary: 'An alert, as the agreement shows it to you',
        params: idParams,
        response: { 200: alertSchema },
      },
    },
    async (request) => alerts.get(actorOf(request), request.params.id),
  );

  for (const action of ['acknowledge', 'resolve'] as const)
    app.post(
      `/api/v1/alerts/:id/${action}`,
      {
        config: { access: 'alert.handle' },
        schema: {
          tags: ['alerts'],
          summary:
            action === 'acknowledge'
              ? 'Acknowledge an open alert, with a note: you are on it'
              : 'Resolve an alert, with a note saying how',
          params: idParams,
          body: z.object({ note }).strict(),
          response: { 200: alertSchema },
        },
      },
      async (request) => alerts[action](actorOf(request), request.params.id, request.body.note),
    );

  app.post(
    '/api/v1/alerts/sos',
    {
      config: { access: 'alert.sos' },
      schema: {
        tags: ['alerts'],
        summary:
          'Raise an SOS: a protected person for themself, or staff for a person; while it is open the agreement’s sos condition holds for that person',
        body: z
          .object({
            personId: z.string().min(1).max(100).optional().describe('staff: the person; a person: themself'),
            lat: z.number().min(-90).max(90).optional(),
            lon: z.number().min(-180).max(180).optional(),
          })
          .strict()
          .refine((b) => (b.lat === undefined) === (b.lon === undefined), {
            message: 'give lat and lon together',
            path: ['lat'],
          }),
        response: {
          200: z.object({
            alert: alertSchema,
            raised: z.boolean().describe('false: an SOS of that person was open already, and is returned'),
          }),
        },
      },
    },
    async (request) => alerts.sos(actorOf(request), request.body),
  );
};
