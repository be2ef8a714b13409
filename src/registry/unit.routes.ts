import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { unitKinds } from '../agreement/agreement.schema.js';
import { AppError } from '../platform/errors.js';
import { errorResponses, idParams } from '../platform/http/schemas.js';
import { pageQuery } from '../platform/paging.js';
import { flatten, presentAll, sharedEnvelope } from './presenter.js';
import { unitFields, unitInput, unitStatuses } from './registry.js';
import type { Unit, UnitService } from './unit.service.js';

export const unitSchema = z
  .object({
    ...sharedEnvelope,
    kind: z.enum(unitKinds).optional(),
    callSign: z.string().optional(),
    strength: z.number().int().optional(),
    vehicles: z.number().int().optional(),
    armouredVehicles: z.number().int().optional(),
    weapons: z.string().nullable().optional(),
    baseSiteId: z.string().nullable().optional(),
    status: z.enum(unitStatuses).optional(),
  })
  .meta({ id: 'Unit' });

const listQuery = pageQuery.extend({
  kind: z.enum(unitKinds).optional(),
  status: z.enum(unitStatuses).optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** Security units. */
export const unitRoutes: FastifyPluginAsyncZod<{ units: UnitService }> = async (app, { units }) => {
  const presentOne = async (request: FastifyRequest, unit: Unit) => {
    const shared = await units.present(actorOf(request), unit);
    if (!shared) throw new AppError('unit_not_found', 'Unit not found');
    return flatten(shared);
  };

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
      const actor = actorOf(request);
      const page = await units.list(actor, request.query);
      return { items: await presentAll(page.items, (u) => units.present(actor, u)), next: page.next };
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
      reply.status(201).send(await presentOne(request, await units.create(actorOf(request), request.body))),
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
    async (request) => presentOne(request, await units.get(actorOf(request), request.params.id)),
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
      presentOne(request, await units.update(actorOf(request), request.params.id, request.body)),
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
    async (request) => presentOne(request, await units.deactivate(actorOf(request), request.params.id)),
  );
};
