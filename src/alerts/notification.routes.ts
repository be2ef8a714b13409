import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { pageOf, pageQuery } from '../platform/paging.js';
import { channels, noticeKinds, preferencesInput, severities, subjectTypes } from './notification.js';
import type { NotificationService } from './notification.service.js';

const preferencesSchema = preferencesInput.meta({ id: 'NotificationPreferences' });

const deliverySchema = z
  .object({
    id: z.string(),
    noticeId: z.string(),
    channel: z.enum([...channels, 'webhook']),
    userId: z.string().nullable().describe('the recipient, for in-app and e-mail'),
    webhookId: z.string().nullable().describe('the endpoint, for a webhook'),
    partyId: z.string(),
    address: z.string().nullable().describe('the e-mail address or webhook URL'),
    kind: z.enum(noticeKinds),
    severity: z.enum(severities),
    title: z.string(),
    status: z.enum(['pending', 'delivered', 'failed', 'suppressed']),
    reason: z
      .string()
      .nullable()
      .describe('why a suppressed delivery was held back: kind_off, channel_off, quiet_hours, no_mailer'),
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        at: z.string(),
        ok: z.boolean(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        durationMs: z.number().int(),
      }),
    ),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'NotificationDelivery' });

const notificationSchema = z
  .object({
    id: z.string(),
    noticeId: z.string(),
    kind: z.enum(noticeKinds),
    severity: z.enum(severities),
    title: z.string(),
    body: z.string(),
    subject: z.object({ type: z.enum(subjectTypes), id: z.string() }),
    createdAt: z.string(),
  })
  .meta({ id: 'Notification' });

/** The signed-in user's notices and notification preferences, and the delivery log. */
export const notificationRoutes: FastifyPluginAsyncZod<{ notifications: NotificationService }> = async (
  app,
  { notifications },
) => {
  app.get(
    '/api/v1/me/notification-preferences',
    {
      config: { access: 'notification.preferences' },
      schema: {
        tags: ['notifications'],
        summary: 'Your notification preferences (the defaults until you choose)',
        response: { 200: preferencesSchema },
      },
    },
    async (request) => notifications.preferences(actorOf(request)),
  );

  app.put(
    '/api/v1/me/notification-preferences',
    {
      config: { access: 'notification.preferences' },
      schema: {
        tags: ['notifications'],
        summary: 'Choose which notices reach you, on which channels, and your quiet hours',
        description:
          'Quiet hours hold back e-mail and silence the app, on your own clock (`timeZone`), but never for an SOS; an SOS also reaches you whatever kinds you chose.',
        body: preferencesInput,
        response: { 200: preferencesSchema },
      },
    },
    async (request) => notifications.setPreferences(actorOf(request), request.body),
  );

  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'notification.read' },
      schema: {
        tags: ['notifications'],
        summary: 'Your notices, newest first, as they were written for you',
        description:
          'The same notices the stream sends as `notification` frames, for a client that was not connected (or may not use the stream, such as a protected person’s phone).',
        querystring: pageQuery.extend({ kind: z.enum(noticeKinds).optional() }),
        response: { 200: pageOf(notificationSchema) },
      },
    },
    async (request) => notifications.mine(actorOf(request), request.query),
  );

  app.get(
    '/api/v1/notifications/deliveries',
    {
      config: { access: 'notification.read' },
      schema: {
        tags: ['notifications'],
        summary: 'The delivery log: every delivery and each of its attempts, newest first',
        description:
          "Your own deliveries; a coordinator's or admin's, also every delivery of their party (its users' and its webhooks').",
        querystring: pageQuery.extend({
          channel: z.enum([...channels, 'webhook']).optional(),
          status: z.enum(['pending', 'delivered', 'failed', 'suppressed']).optional(),
          kind: z.enum(noticeKinds).optional(),
          userId: z.string().min(1).max(100).optional().describe('deliveries to this user only'),
          noticeId: z.string().min(1).max(100).optional(),
        }),
        response: { 200: pageOf(deliverySchema) },
      },
    },
    async (request) => notifications.deliveries(actorOf(request), request.query),
  );
};
