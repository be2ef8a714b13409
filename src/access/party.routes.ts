import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from './auth.hook.js';
import type { partyService } from './party.service.js';

const partySchema = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['host', 'partner']), isDemo: z.boolean() })
  .meta({ id: 'Party' });

/** The parties of the deployment: every signed-in user sees who takes part. */
export const partyRoutes: FastifyPluginAsyncZod<{ parties: ReturnType<typeof partyService> }> = async (
  app,
  { parties },
) => {
  app.get(
    '/api/v1/parties',
    {
      config: { access: 'party.read' },
      schema: {
        tags: ['access'],
        summary: 'The parties: one host, one or more partners',
        response: { 200: z.object({ items: z.array(partySchema) }) },
      },
    },
    async (request) => {
      const items = await parties.list(actorOf(request));
      return { items: items.map(({ id, name, kind, isDemo }) => ({ id, name, kind, isDemo })) };
    },
  );
};
