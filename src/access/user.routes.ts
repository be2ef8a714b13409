import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { nameText } from '../platform/text-rules.js';
import { idParams } from '../platform/http/schemas.js';
import { roles } from './actor.js';
import { actorOf } from './auth.hook.js';
import { recordActionRoutes } from './record-action.routes.js';
import { passwordText } from './passwords.js';
import { presentUser } from './user.presenter.js';
import type { UserService } from './user.service.js';

export const userSchema = z
  .object({
    id: z.string(),
    partyId: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(roles)),
    personId: z.string().nullable(),
    unitId: z.string().nullable(),
    totpEnrolled: z.boolean(),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

const userWithPassword = z.object({ user: userSchema, password: z.string().optional() });

/** Account administration, by each party's admins for their own party. */
export const userRoutes: FastifyPluginAsyncZod<{ users: UserService }> = async (app, { users }) => {
  recordActionRoutes(app, {
    path: '/api/v1/users',
    tags: ['access'],
    response: userSchema,
    present: presentUser,
    list: { access: 'user.read', summary: "List your party's users, by username", run: users.list },
    actions: {
      read: { access: 'user.read', summary: 'One user of your party', run: users.get },
      disable: {
        access: 'user.disable',
        summary: 'Disable a user: their sessions and tokens stop at once',
        run: users.disable,
      },
    },
  });

  app.post(
    '/api/v1/users',
    {
      config: { access: 'user.create' },
      schema: {
        tags: ['access'],
        summary: 'Create a user in your party; without a password, a random one is returned once',
        body: z.object({
          username: z.string().min(2).max(64),
          displayName: nameText(200),
          roles: z.array(z.enum(roles)).min(1),
          password: passwordText.optional(),
          personId: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .describe('the protected person the user is (role person): sees the movements they travel on'),
          unitId: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .describe('the unit the user commands (role commander)'),
        }),
        response: { 201: userWithPassword },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { user, password } = await users.create(actor, { ...request.body, partyId: actor.partyId ?? '' });
      return reply.status(201).send({ user: presentUser(user), password });
    },
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { access: 'user.reset_password' },
      schema: {
        tags: ['access'],
        summary:
          'Give a user a new random password (returned once), revoking their API tokens, optionally clearing their TOTP',
        params: idParams,
        body: z.object({ resetTotp: z.boolean().default(false) }).default({ resetTotp: false }),
        'x-body-optional': true,
        response: {
          200: userWithPassword.extend({ revokedTokens: z.number().int().min(0) }),
        },
      },
      // Without a body Fastify passes null, which the schema's default does not cover.
      preValidation: async (request) => {
        request.body ??= { resetTotp: false };
      },
    },
    async (request) => {
      const { user, password, revokedTokens } = await users.resetPassword(
        actorOf(request),
        request.params.id,
        request.body,
      );
      return { user: presentUser(user), password, revokedTokens };
    },
  );
};
