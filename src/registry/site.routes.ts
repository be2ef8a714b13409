import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { AppError } from '../platform/errors.js';
import { errorResponses, idParams } from '../platform/http/schemas.js';
import { pageQuery } from '../platform/paging.js';
import { flatten, presentAll, sharedEnvelope } from './presenter.js';
import { polygonInput, siteInput, siteKinds } from './registry.js';
import type { Site, SiteService } from './site.service.js';

export const siteSchema = z
  .object({
    ...sharedEnvelope,
    name: z.string().optional(),
    kind: z.enum(siteKinds).optional(),
    perimeter: polygonInput.nullable().optional(),
    protectionLevel: z.number().int().optional(),
    city: z.string().nullable().optional(),
  })
  .meta({ id: 'Site' });

const listQuery = pageQuery.extend({
  kind: z.enum(siteKinds).optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** Sites: project sites, camps, residences, offices, bases. */
export const siteRoutes: FastifyPluginAsyncZod<{ sites: SiteService }> = async (app, { sites }) => {
  const presentOne = async (request: FastifyRequest, site: Site) => {
    const shared = await sites.present(actorOf(request), site);
    if (!shared) throw new AppError('site_not_found', 'Site not found');
    return flatten(shared);
  };

  app.get(
    '/api/v1/sites',
    {
      config: { access: 'site.read' },
      schema: {
        tags: ['registry'],
        summary: 'Sites you may see, by name',
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(siteSchema), next: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const page = await sites.list(actor, request.query);
      return { items: await presentAll(page.items, (s) => sites.present(actor, s)), next: page.next };
    },
  );

  app.post(
    '/api/v1/sites',
    {
      config: { access: 'site.write' },
      schema: {
        tags: ['registry'],
        summary: 'Register a site of your party',
        body: siteInput,
        response: { 201: siteSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await presentOne(request, await sites.create(actorOf(request), request.body))),
  );

  app.get(
    '/api/v1/sites/:id',
    {
      config: { access: 'site.read' },
      schema: {
        tags: ['registry'],
        summary: 'One site',
        params: idParams,
        response: { 200: siteSchema, ...errorResponses },
      },
    },
    async (request) => presentOne(request, await sites.get(actorOf(request), request.params.id)),
  );

  app.patch(
    '/api/v1/sites/:id',
    {
      config: { access: 'site.write' },
      schema: {
        tags: ['registry'],
        summary: 'Change a site of your party',
        params: idParams,
        body: siteInput.partial(),
        response: { 200: siteSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentOne(request, await sites.update(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/sites/:id/deactivate',
    {
      config: { access: 'site.write' },
      schema: {
        tags: ['registry'],
        summary: 'Deactivate a site of your party',
        params: idParams,
        response: { 200: siteSchema, ...errorResponses },
      },
    },
    async (request) => presentOne(request, await sites.deactivate(actorOf(request), request.params.id)),
  );
};
