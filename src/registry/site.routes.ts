import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { errorResponses, idParams } from '../platform/http/schemas.js';
import { pageQuery } from '../platform/paging.js';
import { present, presentOne, siteSchema } from './registry.presenter.js';
import { siteInput, siteKinds } from './registry.js';
import type { Site, SiteService } from './site.service.js';
import type { RegistryAccess } from './visibility.js';

const listQuery = pageQuery.extend({
  kind: z.enum(siteKinds).optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** Sites: project sites, camps, residences, offices, bases. */
export const siteRoutes: FastifyPluginAsyncZod<{
  sites: SiteService;
  visibility: RegistryAccess;
}> = async (app, { sites, visibility }) => {
  /** A site a write returned, as its author sees it under the agreement in force. */
  const presentWritten = async (request: FastifyRequest, site: Site) =>
    presentOne(await visibility.viewing(actorOf(request)), 'site', site);

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
      const viewing = await visibility.viewing(actorOf(request));
      const page = await sites.list(viewing, request.query);
      return { items: present(viewing, 'site', page.items), next: page.next };
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
      reply
        .status(201)
        .send(await presentWritten(request, await sites.create(actorOf(request), request.body))),
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
    async (request) => {
      const viewing = await visibility.viewing(actorOf(request));
      return presentOne(viewing, 'site', await sites.get(viewing, request.params.id));
    },
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
      presentWritten(request, await sites.update(actorOf(request), request.params.id, request.body)),
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
    async (request) => presentWritten(request, await sites.deactivate(actorOf(request), request.params.id)),
  );
};
