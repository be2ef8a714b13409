import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { actorOf } from '../access/auth.hook.js';
import type { Permission } from '../access/permissions.js';
import { idParams, integerParam } from '../platform/http/schemas.js';
import { pageOf, pageQuery } from '../platform/paging.js';
import { movementSchema, presentOne, present, presenterFor } from '../registry/registry.presenter.js';
import type { RegistryAccess } from '../registry/visibility.js';
import { movementInput, movementStates } from './movement.js';
import { assessmentSchema, type Movement } from './movement.record.js';
import type { MovementService } from './movement.service.js';

const tags = ['movements'];
const path = '/api/v1/movements';

/** A change names only what it changes; nothing takes its default. */
const movementPatch = movementInput
  .extend({
    corridorMeters: movementInput.shape.corridorMeters.unwrap(),
    checkpoints: movementInput.shape.checkpoints.unwrap(),
  })
  .partial();

const reason = z.string().trim().min(3).max(2000);

/** `?state=` once or repeated: one state or several. */
const states = z
  .union([z.enum(movementStates), z.array(z.enum(movementStates)).max(movementStates.length)])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .optional()
  .describe('only movements in these states (repeat the parameter for several)');

const historyEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    kind: z
      .string()
      .describe(
        'create, update, submit, assess, reassess, cancel, depart, arrive, abort, checkpoint, debrief …',
      ),
    from: z.string().nullable(),
    to: z.string().nullable(),
    actorId: z.string().nullable(),
    partyId: z.string().nullable(),
    agreementVersion: z.number().int().nullable().describe('the agreement version in force at the change'),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'MovementHistoryEntry' });

/** Movement requests, their assessment and their execution, each presented under the agreement. */
export const movementRoutes: FastifyPluginAsyncZod<{
  movements: MovementService;
  visibility: RegistryAccess;
}> = async (app, { movements, visibility }) => {
  const presented = presenterFor(visibility, 'movement');

  /** `POST /:id/<verb>` for an action that takes the movement and optionally a body. */
  function action<B extends z.ZodType | undefined>(
    verb: string,
    access: Permission,
    summary: string,
    body: B,
    run: (actor: Actor, id: string, body: B extends z.ZodType ? z.output<B> : undefined) => Promise<Movement>,
  ) {
    app.post(
      `${path}/:id/${verb}`,
      {
        config: { access },
        schema: {
          tags,
          summary,
          params: idParams,
          ...(body ? { body } : {}),
          response: { 200: movementSchema },
        },
      },
      async (request) =>
        presented(
          actorOf(request),
          await run(
            actorOf(request),
            request.params.id,
            request.body as B extends z.ZodType ? z.output<B> : undefined,
          ),
        ),
    );
  }

  app.get(
    path,
    {
      config: { access: 'movement.read' },
      schema: {
        tags,
        summary: 'Movements you may see, soonest departure first',
        querystring: pageQuery.extend({ state: states }),
        response: { 200: pageOf(movementSchema) },
      },
    },
    async (request) => {
      const viewing = await visibility.viewing(actorOf(request));
      const page = await movements.list(viewing, request.query);
      return { items: present(viewing, 'movement', page.items), next: page.next };
    },
  );

  app.post(
    path,
    {
      config: { access: 'movement.request' },
      schema: {
        tags,
        summary: 'Request a movement of your party: recorded as a draft',
        description:
          'Passengers must exist, be yours or shared with you, be in the country and not on an overlapping movement; the arrival follows the departure; checkpoints are planned in order between them and lie within the corridor; the route starts and ends within the corridor (at least 2 km) of the origin and destination.',
        body: movementInput,
        response: { 201: movementSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await presented(actorOf(request), await movements.create(actorOf(request), request.body))),
  );

  app.post(
    `${path}/assess`,
    {
      config: { access: 'movement.request' },
      schema: {
        tags,
        summary: 'Assess a request without storing it: its risk, what the agreement requires, what it breaks',
        body: movementInput,
        response: { 200: assessmentSchema },
      },
    },
    async (request) => movements.preview(actorOf(request), request.body),
  );

  app.get(
    `${path}/:id`,
    {
      config: { access: 'movement.read' },
      schema: { tags, summary: 'One movement', params: idParams, response: { 200: movementSchema } },
    },
    async (request) => {
      const viewing = await visibility.viewing(actorOf(request));
      return presentOne(viewing, 'movement', await movements.get(viewing, request.params.id));
    },
  );

  app.patch(
    `${path}/:id`,
    {
      config: { access: 'movement.request' },
      schema: {
        tags,
        summary: 'Change a request of your party before it departs; past draft it is assessed again',
        params: idParams,
        body: movementPatch,
        response: { 200: movementSchema },
      },
    },
    async (request) =>
      presented(actorOf(request), await movements.update(actorOf(request), request.params.id, request.body)),
  );

  action(
    'submit',
    'movement.request',
    'Submit a draft for approval, with its assessment',
    undefined,
    (actor, id) => movements.submit(actor, id),
  );
  action(
    'cancel',
    'movement.request',
    'Cancel a movement of your party before it departs',
    z.object({ reason }),
    (actor, id, body) => movements.cancel(actor, id, body.reason),
  );
  action(
    'depart',
    'movement.execute',
    'Depart: only when ready, and only with what the agreement requires (a refusal names the clause)',
    undefined,
    (actor, id) => movements.depart(actor, id),
  );
  action('arrive', 'movement.execute', 'Arrive', undefined, (actor, id) => movements.arrive(actor, id));
  action('abort', 'movement.execute', 'Abort a movement under way', z.object({ reason }), (actor, id, body) =>
    movements.abort(actor, id, body.reason),
  );
  action(
    'debrief',
    'movement.execute',
    'The debrief note of a movement that arrived or was aborted',
    z.object({ note: z.string().trim().min(1).max(10_000) }),
    (actor, id, body) => movements.debrief(actor, id, body.note),
  );

  app.post(
    `${path}/:id/checkpoints/:position/pass`,
    {
      config: { access: 'movement.execute' },
      schema: {
        tags,
        summary: 'Record that a movement under way passed a checkpoint (0 is the first)',
        params: idParams.extend({ position: integerParam({ min: 0, max: 49 }) }),
        response: { 200: movementSchema },
      },
    },
    async (request) =>
      presented(
        actorOf(request),
        await movements.passCheckpoint(actorOf(request), request.params.id, request.params.position),
      ),
  );

  app.get(
    `${path}/:id/history`,
    {
      config: { access: 'movement.read' },
      schema: {
        tags,
        summary: "The movement's timeline: every change, with who, when and the agreement version",
        params: idParams,
        querystring: pageQuery,
        response: { 200: pageOf(historyEntry) },
      },
    },
    async (request) =>
      movements.history(await visibility.viewing(actorOf(request)), request.params.id, request.query),
  );
};
