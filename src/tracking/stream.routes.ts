import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, presentedSecret } from '../access/auth.hook.js';
import { integerParam } from '../platform/http/schemas.js';
import type { Clock } from '../platform/clock.js';
import { AppError, isAppError } from '../platform/errors.js';
import type { Services } from '../services.js';
import { streamHub, type StreamHub } from './stream.js';

/**
 * The stream's hub on this instance's services: the event log and its follower, the live picture,
 * a movement as the viewer may see it (movements.get checks the agreement), the credential check.
 */
export function streamHubOf(services: Services, clock: Clock): StreamHub {
  return streamHub({
    log: services.eventLog,
    follower: services.eventFollower,
    live: services.live,
    movementSeen: async (actor, id) => {
      try {
        const movement = await services.movements.get(await services.visibility.viewing(actor), id);
        return { id: movement.id, state: movement.state, version: movement.version };
      } catch (error) {
        if (isAppError(error) && error.status === 404) return null;
        throw error;
      }
    },
    alertSeen: (view, actor, { alert }) => services.alerts.present(view, actor, alert),
    authenticate: (credential) => services.sessions.authenticate(credential),
    rollcalls: {
      frame: services.rollcallFrames.frame,
      personOf: async (actor) => (await services.users.subjectsOf(actor.id))?.personId ?? null,
    },
    clock,
  });
}

/**
 * `GET /api/v1/stream`, a WebSocket: a snapshot of the live picture, then its changes and the
 * movements', each frame numbered and shown as the agreement lets this viewer see it. After a
 * drop, reconnect with `?since=<last seq>` to get exactly what was missed.
 */
export const streamRoutes: FastifyPluginAsyncZod<{ hub: StreamHub }> = async (app, { hub }) => {
  app.get(
    '/api/v1/stream',
    {
      websocket: true,
      config: { access: 'stream.read' },
      schema: {
        tags: ['tracking'],
        summary:
          'The live stream (WebSocket): snapshot, then positions, statuses, movement changes, alerts and roll-call changes',
        description:
          'Frames are JSON: `snapshot` {seq, subjects, reset?}, `position` {seq, subject}, `status` {seq, subject, status}, `movement` {seq, movement}, `alert` {seq, event, alert} (event: alert.raised, alert.acknowledged, alert.resolved, alert.escalated; the alert as the agreement shows it to you), `rollcall` {seq, event, rollcall} to staff and {seq, event, question} to a protected person, `notification` {seq, notification} (yours only), who gets only their own roll-call questions (an empty snapshot, nothing else). Close codes: 4401 session ended, 4403 roles changed, 4408 too slow (reconnect with since).',
        querystring: z.object({
          since: integerParam({ min: 0 }).optional().describe('the last sequence number seen, to resume'),
        }),
      },
    },
    async (socket, request) => {
      const credential = presentedSecret(request);
      if (!credential) throw new AppError('unauthenticated', 'Sign in or present a token');
      await hub.connect(socket, actorOf(request), credential, request.query.since);
    },
  );
};
