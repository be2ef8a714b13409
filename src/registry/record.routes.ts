import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { pageOf } from '../platform/paging.js';
import type { Actor } from '../access/actor.js';
import { actorOf } from '../access/auth.hook.js';
import type { Permission } from '../access/permissions.js';
import { flagParam, idParams } from '../platform/http/schemas.js';
import { present, presentOne, presenterFor, type Viewing } from './registry.presenter.js';
import type { RegistryAccess } from './visibility.js';

/** A list's `includeInactive=true`: deactivated records are left out unless asked for. */
export const includeInactive = flagParam();

/** Every registry route is under one heading of the API document. */
const tags = ['registry'];

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/** Where a kind's write routes are, what they answer, and how a record's author sees it. */
interface WriteRoutes<R> {
  entity: 'person' | 'site' | 'unit';
  /** The collection's path, e.g. `/api/v1/units`. */
  path: string;
  /** The response schema of one record. */
  schema: z.ZodType;
  presentWritten: (actor: Actor, record: R) => Promise<unknown>;
}

/** `POST path`: registers a record of the caller's party, answered 201 as its author sees it. */
export function createRecordRoute<R, I extends z.ZodType>(
  app: ZodApp,
  spec: WriteRoutes<R> & {
    input: I;
    summary: string;
    create: (actor: Actor, input: z.output<I>) => Promise<R>;
  },
): void {
  app.post(
    spec.path,
    {
      config: { access: `${spec.entity}.write` as Permission },
      schema: {
        tags,
        summary: spec.summary,
        body: spec.input,
        response: { 201: spec.schema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await spec.presentWritten(
            actorOf(request),
            await spec.create(actorOf(request), request.body as z.output<I>),
          ),
        ),
  );
}

/** `PATCH path/:id` and `POST path/:id/deactivate`: a record of the caller's party changed or deactivated. */
export function changeRecordRoutes<R, P extends z.ZodType>(
  app: ZodApp,
  spec: WriteRoutes<R> & {
    patch: P;
    update: (actor: Actor, id: string, input: z.output<P>) => Promise<R>;
    deactivate: (actor: Actor, id: string) => Promise<R>;
  },
): void {
  const { entity, path, schema, presentWritten } = spec;
  const write = { access: `${entity}.write` as Permission };
  app.patch(
    `${path}/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: `Change a ${entity} of your party`,
        params: idParams,
        body: spec.patch,
        response: { 200: schema },
      },
    },
    async (request) =>
      presentWritten(
        actorOf(request),
        await spec.update(actorOf(request), request.params.id, request.body as z.output<P>),
      ),
  );

  app.post(
    `${path}/:id/deactivate`,
    {
      config: write,
      schema: {
        tags,
        summary: `Deactivate a ${entity} of your party`,
        params: idParams,
        response: { 200: schema },
      },
    },
    async (request) =>
      presentWritten(actorOf(request), await spec.deactivate(actorOf(request), request.params.id)),
  );
}

/** What the routes of a record kind ask of its service. */
interface RecordService<R, Query, Input, Patch> {
  list(viewing: Viewing, query: Query): Promise<{ items: R[]; next: string | null }>;
  create(actor: Actor, input: Input): Promise<R>;
  get(viewing: Viewing, id: string): Promise<R>;
  update(actor: Actor, id: string, input: Patch): Promise<R>;
  deactivate(actor: Actor, id: string): Promise<R>;
}

/**
 * The routes of a record kind a party registers and others see as agreed (sites, units): list,
 * register, read, change and deactivate, each record presented under the agreement in force.
 */
export function ownedRecordRoutes<
  E extends 'site' | 'unit',
  R extends Parameters<typeof present<E>>[2][number],
  Q extends z.ZodType,
  I extends z.ZodType,
  P extends z.ZodType,
  Options extends { visibility: RegistryAccess },
>(spec: {
  entity: E;
  /** The collection's path, e.g. `/api/v1/units`. */
  path: string;
  /** The response schema of one record (the entity's generic type is beyond Fastify's inference). */
  schema: z.ZodType;
  listQuery: Q;
  input: I;
  patch: P;
  summaries: { list: string; create: string };
  service: (options: Options) => RecordService<R, z.output<Q>, z.output<I>, z.output<P>>;
}): FastifyPluginAsyncZod<Options> {
  const { entity, path, schema } = spec;
  const read = { access: `${entity}.read` as Permission };
  return async (app, options) => {
    const records = spec.service(options);
    const { visibility } = options;
    const presentWritten = presenterFor(visibility, entity);

    app.get(
      path,
      {
        config: read,
        schema: {
          tags,
          summary: spec.summaries.list,
          querystring: spec.listQuery,
          response: {
            200: pageOf(schema),
          },
        },
      },
      async (request) => {
        const viewing = await visibility.viewing(actorOf(request));
        const page = await records.list(viewing, request.query as z.output<Q>);
        return { items: present(viewing, entity, page.items), next: page.next };
      },
    );

    createRecordRoute(app, {
      entity,
      path,
      schema,
      presentWritten,
      input: spec.input,
      summary: spec.summaries.create,
      create: (actor, input) => records.create(actor, input),
    });

    app.get(
      `${path}/:id`,
      {
        config: read,
        schema: {
          tags,
          summary: `One ${entity}`,
          params: idParams,
          response: { 200: schema },
        },
      },
      async (request) => {
        const viewing = await visibility.viewing(actorOf(request));
        return presentOne(viewing, entity, await records.get(viewing, request.params.id));
      },
    );

    changeRecordRoutes(app, {
      entity,
      path,
      schema,
      presentWritten,
      patch: spec.patch,
      update: (actor, id, input) => records.update(actor, id, input),
      deactivate: (actor, id) => records.deactivate(actor, id),
    });
  };
}
