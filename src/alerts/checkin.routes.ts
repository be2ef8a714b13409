import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import type { CheckinService } from './checkin.service.js';

const subjectParams = z.object({
  subjectType: z.enum(['person', 'movement']),
  subjectId: z.string().min(1).max(100),
});

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 date and time with its offset');

export const checkinScheduleSchema = z
  .object({
    id: z.string(),
    subject: z.object({ type: z.enum(['person', 'movement']), id: z.string() }),
    partyId: z.string(),
    everyMinutes: z.number().int().nullable(),
    deadlines: z.array(z.string()),
    minLevel: z.number().int().nullable(),
    nextDueAt: z.string().nullable(),
    step: z
      .enum(['reminder', 'overdue', 'emergency'])
      .nullable()
      .describe('how far the missed deadline has escalated; null: none missed'),
    active: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CheckinSchedule' });

const checkinSchema = z.object({
  id: z.string(),
  checkedInBy: z.string(),
  checkedInAt: z.string(),
  dueAt: z.string().nullable(),
  late: z.boolean(),
  note: z.string().nullable(),
});

/** Check-in schedules of persons and movements, and check-ins. */
export const checkinRoutes: FastifyPluginAsyncZod<{ checkins: CheckinService }> = async (
  app,
  { checkins },
) => {
  const url = '/api/v1/checkins/schedules/:subjectType/:subjectId';
  app.get(
    url,
    {
      config: { access: 'checkin.read' },
      schema: {
        tags: ['alerts'],
        summary: "A person's or movement's check-in schedule and its latest check-ins",
        params: subjectParams,
        response: { 200: z.object({ schedule: checkinScheduleSchema, checkins: z.array(checkinSchema) }) },
      },
    },
    async (request) => {
      const { subjectType, subjectId } = request.params;
      return checkins.get(actorOf(request), { type: subjectType, id: subjectId });
    },
  );

  app.put(
    url,
    {
      config: { access: 'checkin.schedule' },
      schema: {
        tags: ['alerts'],
        summary:
          'Set check-in deadlines for your party’s person or movement: every N minutes, at given times, at each checkpoint; a missed one raises a reminder, then an overdue alert, then an emergency',
        params: subjectParams,
        body: z
          .object({
            everyMinutes: z
              .number()
              .int()
              .min(5)
              .max(7 * 24 * 60)
              .optional(),
            deadlines: z.array(instant).max(100).optional(),
            atCheckpoints: z.boolean().optional().describe("a movement: each checkpoint's planned time"),
            minLevel: z
              .number()
              .int()
              .min(1)
              .max(6)
              .optional()
              .describe('deadlines count only while the person is in an area of at least this level'),
          })
          .strict(),
        response: { 200: checkinScheduleSchema },
      },
    },
    async (request) => {
      const { subjectType, subjectId } = request.params;
      return checkins.setSchedule(actorOf(request), { type: subjectType, id: subjectId }, request.body);
    },
  );

  app.delete(
    url,
    {
      config: { access: 'checkin.schedule' },
      schema: {
        tags: ['alerts'],
        summary: 'End a check-in schedule',
        params: subjectParams,
        response: { 200: checkinScheduleSchema },
      },
    },
    async (request) => {
      const { subjectType, subjectId } = request.params;
      return checkins.endSchedule(actorOf(request), { type: subjectType, id: subjectId });
    },
  );

  app.post(
    '/api/v1/checkins',
    {
      config: { access: 'checkin.record' },
      schema: {
        tags: ['alerts'],
        summary:
          'Check in: a protected person for themself, or staff for a person or movement; a late check-in resolves the missed deadline’s alert',
        body: z
          .object({
            subjectType: z.enum(['person', 'movement']).default('person'),
            subjectId: z.string().min(1).max(100).optional().describe('staff: whom; a person: themself'),
            note: z.string().trim().min(1).max(2000).optional(),
          })
          .strict(),
        response: {
          200: z.object({
            id: z.string(),
            at: z.string(),
            dueAt: z.string().nullable(),
            late: z.boolean(),
            nextDueAt: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => checkins.checkIn(actorOf(request), request.body),
  );
};
