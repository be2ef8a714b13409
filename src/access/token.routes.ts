import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { nameText } from '../platform/text-rules.js';
import { forbidden } from '../platform/errors.js';
import { errorSchema } from '../platform/http/schemas.js';
import { actorOf } from './auth.hook.js';
import { recordActionRoutes } from './record-action.routes.js';
import { presentApiToken, presentDevice } from './token.presenter.js';
import type { TokenService } from './token.service.js';
import { codeText } from './totp.js';

const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revoked: z.boolean(),
  })
  .meta({ id: 'ApiToken' });

const deviceSchema = z
  .object({
    id: z.string(),
    partyId: z.string(),
    subjectType: z.enum(['person', 'unit']),
    subjectId: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string().nullable(),
    revoked: z.boolean(),
    reportIntervalSeconds: z.number().int(),
  })
  .meta({ id: 'Device' });

/** API tokens (your own) and device tokens (your party's). */
export const tokenRoutes: FastifyPluginAsyncZod<{ tokens: TokenService }> = async (app, { tokens }) => {
  recordActionRoutes(app, {
    path: '/api/v1/tokens',
    tags: ['access'],
    response: apiTokenSchema,
    present: presentApiToken,
    all: { access: 'token.manage', summary: 'Your API tokens', run: tokens.listApiTokens },
    actions: {
      revoke: {
        access: 'token.manage',
        summary: 'Revoke one of your API tokens',
        run: tokens.revokeApiToken,
      },
    },
  });

  app.post(
    '/api/v1/tokens',
    {
      config: { access: 'token.manage' },
      schema: {
        tags: ['access'],
        summary: 'Create an API token that acts as you; the secret is shown once',
        description:
          'Only from a signed-in session, not with a token (403 interactive_session_required). A user ' +
          'with an authenticator app gives a fresh code in `totp`; wrong codes are throttled like sign-ins.',
        body: z.object({
          name: nameText(100),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
          totp: codeText.optional(),
        }),
        response: {
          201: z.object({ token: apiTokenSchema, secret: z.string() }),
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { token, secret } = await tokens.createApiToken(actor, {
        ...request.body,
        userId: actor.id,
        clientAddress: request.ip,
      });
      return reply.status(201).send({ token: presentApiToken(token), secret });
    },
  );

  recordActionRoutes(app, {
    path: '/api/v1/devices',
    tags: ['access'],
    response: deviceSchema,
    present: presentDevice,
    list: { access: 'device.read', summary: "Your party's devices", run: tokens.listDevices },
    actions: {
      read: { access: 'device.read', summary: 'One device of your party', run: tokens.getDevice },
      revoke: {
        access: 'device.revoke',
        summary: 'Revoke a device token: its next report is refused',
        run: tokens.revokeDevice,
      },
    },
  });

  app.post(
    '/api/v1/devices',
    {
      config: { access: 'device.create' },
      schema: {
        tags: ['access'],
        summary: 'Register a device for a person or unit of your party; the token is shown once',
        body: z.object({
          subjectType: z.enum(['person', 'unit']),
          subjectId: z.string().min(1).max(100),
          name: nameText(100),
          /** How often the app is set to report; silence past it marks the subject stale. */
          reportIntervalSeconds: z.number().int().min(5).max(86_400).optional(),
        }),
        response: { 201: z.object({ device: deviceSchema, token: z.string() }) },
      },
    },
    async (request, reply) => {
      const { device, secret } = await tokens.createDevice(actorOf(request), request.body);
      return reply.status(201).send({ device: presentDevice(device), token: secret });
    },
  );

  app.get(
    '/api/v1/device',
    {
      config: { access: 'device' },
      schema: {
        tags: ['tracking'],
        summary: 'For a device: which person or unit its token reports for',
        response: {
          200: z.object({
            id: z.string(),
            partyId: z.string(),
            subjectType: z.enum(['person', 'unit']),
            subjectId: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.type !== 'device') throw forbidden('Only a device token may call this', { caller: 'device' });
      return {
        id: actor.id,
        partyId: actor.partyId,
        subjectType: actor.subjectType,
        subjectId: actor.subjectId,
      };
    },
  );
};
