import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { unitKinds } from '../agreement/agreement.schema.js';
import { errorResponses, idParams } from '../platform/http/schemas.js';
import { pageQuery } from '../platform/paging.js';
import { present, presentOne, unitSchema } from './registry.presenter.js';
import { unitFields, unitInput, unitStatuses } from './registry.js';
import type { Unit, UnitService } from './unit.service.js';
import type { RegistryAccess } from './visibility.js';

const listQuery = pageQuery.extend({
  kind: z.enum(unitKinds).optional(),
  status: z.enum(unitStatuses).optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** Security units. */
export const unitRoutes: FastifyPluginAsyncZod<{
  units: UnitService;
  visibility: RegistryAccess;
}> = async (app, { units, visibility }) => {
  /** A unit a write returned, as its author sees it under the agreement in force. */
  const presentWritten = async (request: FastifyRequest, unit: Unit) =>
    presentOne(await visibility.viewing(actorOf(request)), 'unit', unit);

  app.get(
    '/api/v1/units',
    {
      config: { access: 'unit.read' },
      schema: {
        tags: ['registry'],
        summary: 'Units you may see, by call sign',
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(unitSchema), next: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const viewing = await visibility.viewing(actorOf(request));
      const page = await units.list(viewing, request.query);
      return { items: present(viewing, 'unit', page.items), next: page.next };
    },
  );

  app.post(
    '/api/v1/units',
    {
      config: { access: 'unit.write' },
      schema: {
        tags: ['registry'],
        summary:
          'Register a unit of your party; a kind the agreement reserves for another party is refused, citing the clause',
        body: unitInput,
        response: { 201: unitSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await presentWritten(request, await units.create(actorOf(request), request.body))),
  );

  app.get(
    '/api/v1/units/:id',
    {
      config: { access: 'unit.read' },
      schema: {
        tags: ['registry'],
        summary: 'One unit',
        params: idParams,
        response: { 200: unitSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewing = await visibility.viewing(actorOf(request));
      return presentOne(viewing, 'unit', await units.get(viewing, request.params.id));
    },
  );

  app.patch(
    '/api/v1/units/:id',
    {
      config: { access: 'unit.write' },
      schema: {
        tags: ['registry'],
        summary: 'Change a unit of your party',
        params: idParams,
        body: unitFields.partial(),
        response: { 200: unitSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentWritten(request, await units.update(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/units/:id/deactivate',
    {
      config: { access: 'unit.write' },
      schema: {
        tags: ['registry'],
        summary: 'Deactivate a unit of your party',
        params: idParams,
        response: { 200: unitSchema, ...errorResponses },
      },
    },
    async (request) => presentWritten(request, await units.deactivate(actorOf(request), request.params.id)),
  );
};
