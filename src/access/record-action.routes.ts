import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../platform/http/schemas.js';
import { mapPage, pageOf, pageQuery, type Page } from '../platform/paging.js';
import type { Actor } from './actor.js';
import { actorOf } from './auth.hook.js';
import type { RouteAccess } from './permissions.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/** One thing a caller may do: who may, what the API document says, and the service call that does it. */
interface Action<Input, Output> {
  access: RouteAccess;
  summary: string;
  run: (actor: Actor, input: Input) => Promise<Output>;
}

/**
 * The routes of a collection whose answers are its records as presented: `list` is `GET path` a page
 * at a time (`all` the same unpaged, for short collections), `create` a `POST path` answered 201;
 * of the actions on one record named in the path, `read` is `GET path/:key` and any other a
 * `POST path/:key/action`. They are registered in that order, the actions in the order given. The
 * key is the one field of `params` (`id` unless told).
 */
export function recordActionRoutes<
  Name extends string,
  Key,
  R,
  Q extends z.ZodType = typeof pageQuery,
  B extends z.ZodType = z.ZodType,
>(
  app: ZodApp,
  spec: {
    path: string;
    tags: string[];
    response: z.ZodType;
    present?: (record: R) => unknown;
    list?: Action<z.output<Q>, Page<R>> & { query?: Q };
    all?: Action<void, R[]>;
    create?: Action<z.output<B>, R> & { body: B; description?: string };
    params?: z.ZodObject<Record<Name, z.ZodType<Key>>>;
    actions?: Record<string, Action<Key, R>>;
  },
): void {
  const { path, tags, response, list, all, create } = spec;
  const present = spec.present ?? ((record: R) => record);
  if (list) {
    app.route({
      method: 'GET',
      url: path,
      config: { access: list.access },
      schema: {
        tags,
        summary: list.summary,
        querystring: list.query ?? pageQuery,
        response: { 200: pageOf(response) },
      },
      handler: async (request) =>
        mapPage(await list.run(actorOf(request), request.query as z.output<Q>), present),
    });
  }
  if (all) {
    app.route({
      method: 'GET',
      url: path,
      config: { access: all.access },
      schema: { tags, summary: all.summary, response: { 200: z.object({ items: z.array(response) }) } },
      handler: async (request) => ({ items: (await all.run(actorOf(request))).map(present) }),
    });
  }
  if (create) {
    const { access, summary, description, body } = create;
    app.route({
      method: 'POST',
      url: path,
      config: { access },
      schema: { tags, summary, ...(description ? { description } : {}), body, response: { 201: response } },
      handler: async (request, reply) =>
        reply.status(201).send(present(await create.run(actorOf(request), request.body as z.output<B>))),
    });
  }
  const params = spec.params ?? idParams;
  const [name] = Object.keys(params.shape) as [Name];
  for (const [verb, action] of Object.entries(spec.actions ?? {})) {
    app.route({
      method: verb === 'read' ? 'GET' : 'POST',
      url: verb === 'read' ? `${path}/:${name}` : `${path}/:${name}/${verb}`,
      config: { access: action.access },
      schema: { tags, summary: action.summary, params, response: { 200: response } },
      handler: async (request) =>
        present(await action.run(actorOf(request), (request.params as Record<Name, Key>)[name])),
    });
  }
}
