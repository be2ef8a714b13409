import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { idParams } from '../platform/http/schemas.js';
import { noticeKinds } from './notification.js';
import type { WebhookService } from './webhook.service.js';

const webhookSchema = z
  .object({
    id: z.string(),
    partyId: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    kinds: z.array(z.enum(noticeKinds)),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Webhook' });

/** Each party's webhook endpoints, managed by its admins. */
export const webhookRoutes: FastifyPluginAsyncZod<{ webhooks: WebhookService }> = async (
  app,
  { webhooks },
) => {
  app.post(
    '/api/v1/webhooks',
    {
      config: { access: 'webhook.manage' },
      schema: {
        tags: ['notifications'],
        summary: "Register a webhook for your party's notices; the signing secret is shown once",
        description:
          'Each delivery is a JSON POST signed in `X-JSMS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; see ARCHITECTURE.md, Notifications.',
        body: z.object({
          url: z.string().max(2000),
          kinds: z
            .array(z.enum(noticeKinds))
            .min(1)
            .max(noticeKinds.length)
            .default([...noticeKinds]),
          description: z.string().trim().min(1).max(200).optional(),
        }),
        response: { 201: z.object({ webhook: webhookSchema, secret: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await webhooks.create(actorOf(request), {
          url: request.body.url,
          kinds: request.body.kinds,
          description: request.body.description,
        }),
      ),
  );

  app.get(
    '/api/v1/webhooks',
    {
      config: { access: 'webhook.manage' },
      schema: {
        tags: ['notifications'],
        summary: "Your party's webhooks",
        response: { 200: z.object({ items: z.array(webhookSchema) }) },
      },
    },
    async (request) => ({ items: await webhooks.list(actorOf(request)) }),
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: { access: 'webhook.manage' },
      schema: {
        tags: ['notifications'],
        summary: 'Delete a webhook of your party: nothing more is sent to it',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await webhooks.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
