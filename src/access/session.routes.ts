import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../platform/http/schemas.js';
import { languages } from './actor.js';
import { actorOf, sessionCookie } from './auth.hook.js';
import { passwordText } from './passwords.js';
import type { SessionService } from './session.service.js';
import { codeText } from './totp.js';
import { userSchema } from './user.routes.js';
import { presentUser } from './user.presenter.js';
import type { User } from './user.repository.js';
import type { UserService } from './user.service.js';

const meSchema = userSchema.extend({
  partyKind: z.enum(['host', 'partner']),
  secondFactorOk: z.boolean(),
  language: z.enum(languages).nullable().describe("the web app's language, once the user chose one"),
});

/** The signed-in user as they see themselves. */
const presentMe = (user: User, secondFactorOk: boolean) => ({
  ...presentUser(user),
  partyKind: user.partyKind,
  secondFactorOk,
  language: user.language,
});

/** Sign-in, sign-out and the signed-in user's own account. */
export const sessionRoutes: FastifyPluginAsyncZod<{ sessions: SessionService; users: UserService }> = async (
  app,
  { sessions, users },
) => {
  app.post(
    '/api/v1/sessions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['access'],
        summary: 'Sign in: sets the session cookie',
        body: z.object({
          username: z.string().min(1).max(64),
          password: passwordText,
          totp: codeText.optional(),
        }),
        response: {
          201: z.object({ user: meSchema, expiresAt: z.string() }),
          401: errorSchema,
          429: errorSchema,
          400: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const result = await sessions.login({ ...request.body, clientAddress: request.ip });
      reply.setCookie(sessionCookie, result.secret, {
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'strict',
      });
      return reply.status(201).send({
        user: presentMe(result.user, result.actor.secondFactorOk),
        expiresAt: result.expiresAt,
      });
    },
  );

  app.delete(
    '/api/v1/sessions/current',
    {
      config: { access: 'session.end' },
      schema: { tags: ['access'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await sessions.logout(actorOf(request));
      reply.clearCookie(sessionCookie, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'me.read' },
      schema: {
        tags: ['access'],
        summary: 'The signed-in user',
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      // The user the credential was checked with, as current as the check: no second read.
      const user = sessions.userOf(actor) ?? (await users.me(actor));
      return presentMe(user, actor.type === 'user' && actor.secondFactorOk);
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { access: 'me.update' },
      schema: {
        tags: ['access'],
        summary: 'Change your own password: ends your other sessions and revokes your API tokens',
        body: z.object({
          currentPassword: passwordText,
          newPassword: passwordText,
        }),
        response: {
          200: z.object({ revokedTokens: z.number().int().min(0) }),
          429: errorSchema,
        },
      },
    },
    async (request) =>
      users.changeOwnPassword(actorOf(request), { ...request.body, clientAddress: request.ip }),
  );

  app.put(
    '/api/v1/me/language',
    {
      config: { access: 'me.update' },
      schema: {
        tags: ['access'],
        summary: 'Choose your language for the web app: it follows you to any browser',
        body: z.object({ language: z.enum(languages) }),
        response: { 200: z.object({ language: z.enum(languages) }) },
      },
    },
    async (request) => users.setOwnLanguage(actorOf(request), request.body.language),
  );

  app.post(
    '/api/v1/me/totp',
    {
      config: { access: 'me.update' },
      schema: {
        tags: ['access'],
        summary: 'Start enrolling an authenticator app (TOTP, RFC 6238)',
        response: { 201: z.object({ secret: z.string(), otpauthUri: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await users.startTotp(actorOf(request))),
  );

  app.post(
    '/api/v1/me/totp/confirm',
    {
      config: { access: 'me.update' },
      schema: {
        tags: ['access'],
        summary: 'Finish enrolment with a code from the app',
        body: z.object({ code: z.string().regex(/^\d{6}$/) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await users.confirmTotp(actor, request.body.code);
      await sessions.confirmSecondFactor(actor);
      return reply.status(204).send(null);
    },
  );
};
