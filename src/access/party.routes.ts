import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordActionRoutes } from './record-action.routes.js';
import type { partyService } from './party.service.js';

const partySchema = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['host', 'partner']), isDemo: z.boolean() })
  .meta({ id: 'Party' });

/** The parties of the deployment: every signed-in user sees who takes part. */
export const partyRoutes: FastifyPluginAsyncZod<{ parties: ReturnType<typeof partyService> }> = async (
  app,
  { parties },
) => {
  recordActionRoutes(app, {
    path: '/api/v1/parties',
    tags: ['access'],
    response: partySchema,
    present: ({ id, name, kind, isDemo }) => ({ id, name, kind, isDemo }),
    all: { access: 'party.read', summary: 'The parties: one host, one or more partners', run: parties.list },
  });
};
