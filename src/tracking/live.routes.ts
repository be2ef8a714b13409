import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { decimalParam } from '../platform/http/schemas.js';
import { sharedLocationSchema } from '../registry/registry.presenter.js';
import type { LiveService } from './live.service.js';

const subjectSchema = z.object({ type: z.enum(['person', 'unit']), id: z.string() });
const location = sharedLocationSchema.unwrap();

export const liveSubjectSchema = z
  .object({
    subject: subjectSchema,
    partyId: z.string(),
    location,
    fixAt: z.string().describe('when the device took the fix'),
    status: z
      .enum(['live', 'stale', 'silent'])
      .describe('stale: no fix within its interval; silent: the same while on a movement under way'),
    intervalSeconds: z.number().describe('how often its device should report'),
    movementId: z.string().nullable().describe('the movement under way it travels on (exact locations only)'),
    accuracyM: z.number().nullable(),
    speedKmh: z.number().nullable(),
    headingDeg: z.number().nullable(),
    batteryPct: z.number().nullable(),
    sos: z.boolean(),
  })
  .meta({ id: 'LiveSubject' });

export const ownPositionSchema = z
  .object({
    fix: z
      .object({
        lat: z.number(),
        lon: z.number(),
        fixAt: z.string().describe('when the device took the fix'),
        status: z.enum(['live', 'stale', 'silent']),
        intervalSeconds: z.number(),
        accuracyM: z.number().nullable(),
        batteryPct: z.number().nullable(),
      })
      .nullable()
      .describe('null: no device of yours has reported'),
    sos: z.boolean().describe('an SOS of yours is open'),
  })
  .meta({ id: 'OwnPosition' });

/** The live picture: who is where now, who is near a point, and a subject's recent track. */
export const liveRoutes: FastifyPluginAsyncZod<{
  live: LiveService;
  /** The person a user is (users.person_id), for a protected person's own position. */
  personOf: (userId: string) => Promise<string | null>;
}> = async (app, { live, personOf }) => {
  app.get(
    '/api/v1/me/position',
    {
      config: { access: 'position.own' },
      schema: {
        tags: ['tracking'],
        summary: "Your own device's last fix, exactly, and whether an SOS of yours is open",
        response: { 200: ownPositionSchema },
      },
    },
    async (request) => {
      const personId = await personOf(actorOf(request).id);
      // A person user no person record is linked to has no device and no SOS of their own.
      return personId ? live.own(personId) : { fix: null, sos: false };
    },
  );

  app.get(
    '/api/v1/live',
    {
      config: { access: 'position.read' },
      schema: {
        tags: ['tracking'],
        summary: 'The latest position of every person and unit you may see, as the agreement shows it',
        response: { 200: z.object({ items: z.array(liveSubjectSchema) }) },
      },
    },
    async (request) => ({ items: live.snapshot(await live.viewing(actorOf(request))) }),
  );

  app.get(
    '/api/v1/live/near',
    {
      config: { access: 'position.read' },
      schema: {
        tags: ['tracking'],
        summary: 'Who is within a radius of a point now, nearest first',
        querystring: z.object({
          lat: decimalParam({ min: -90, max: 90 }),
          lon: decimalParam({ min: -180, max: 180 }),
          radiusKm: decimalParam({ min: 0.01, max: 500 }),
        }),
        response: {
          200: z.object({
            items: z.array(
              liveSubjectSchema.extend({
                distanceM: z
                  .number()
                  .describe('from the point: to the exact position, or to the area’s centre'),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { lat, lon, radiusKm } = request.query;
      return { items: await live.near(actorOf(request), { lat, lon }, radiusKm * 1000) };
    },
  );

  app.get(
    '/api/v1/tracks/:subjectType/:subjectId',
    {
      config: { access: 'position.read' },
      schema: {
        tags: ['tracking'],
        summary: "A person's or unit's fixes in a window, oldest first, as the agreement shows them",
        params: z.object({ subjectType: z.enum(['person', 'unit']), subjectId: z.string().min(1).max(100) }),
        querystring: z.object({
          from: z.string().datetime({ offset: true }).optional().describe('default: an hour before `to`'),
          to: z.string().datetime({ offset: true }).optional().describe('default: now'),
        }),
        response: {
          200: z.object({
            subject: subjectSchema,
            partyId: z.string(),
            from: z.string().describe('the window answered: another party sees at most the last day'),
            to: z.string(),
            points: z.array(z.object({ fixAt: z.string(), location })),
          }),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const { subjectType, subjectId } = request.params;
      return live.track(
        actorOf(request),
        { type: subjectType, id: subjectId },
        {
          from: from === undefined ? undefined : new Date(from),
          to: to === undefined ? undefined : new Date(to),
        },
      );
    },
  );
};
