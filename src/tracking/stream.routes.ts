import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, presentedSecret } from '../access/auth.hook.js';
import { AppError } from '../platform/errors.js';
import { integerParam } from '../platform/http/schemas.js';
import type { StreamHub } from './stream.js';

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
      config: { access: 'position.read' },
      schema: {
        tags: ['tracking'],
        summary: 'The live stream (WebSocket): snapshot, then positions, statuses and movement changes',
        description:
          'Frames are JSON: `snapshot` {seq, subjects, reset?}, `position` {seq, subject}, `status` {seq, subject, status}, `movement` {seq, movement}. Close codes: 4401 session ended, 4403 roles changed, 4408 too slow (reconnect with since).',
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
