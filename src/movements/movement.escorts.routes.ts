import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { unitKinds } from '../agreement/agreement.schema.js';
import { idParams } from '../platform/http/schemas.js';
import { pageOf, pageQuery } from '../platform/paging.js';
import { movementSchema, presentOne, present, presenterFor } from '../registry/registry.presenter.js';
import { unitStatuses } from '../registry/registry.js';
import type { RegistryAccess } from '../registry/visibility.js';
import { escortStatuses } from './escort.js';
import type { MovementEscorts } from './movement.escorts.js';

const tags = ['movements'];
const path = '/api/v1/movements';

const unitParams = idParams.extend({ unitId: z.string().min(1).max(100) });
const reason = z.string().trim().min(3).max(2000);

const shortfall = z
  .array(
    z.object({
      rule: z.enum(['armedEscortVehicles', 'armouredPassengerVehicle', 'unitProvider']),
      clause: z.string(),
      agreementVersion: z.number().int(),
      message: z.string(),
      unitId: z.string().optional(),
      required: z.number().int().optional(),
      assigned: z.number().int().optional(),
    }),
  )
  .nullable()
  .describe(
    "how the accepted units fall short of the assessment's requirement, each with its clause; empty when complete, null before an assessment",
  );

const assignmentSchema = z
  .object({
    movement: movementSchema,
    shortfall,
    candidates: z
      .array(
        z.object({
          unitId: z.string(),
          callSign: z.string(),
          kind: z.enum(unitKinds),
          vehicles: z.number().int(),
          armouredVehicles: z.number().int(),
          status: z.enum(unitStatuses).describe("the unit's duty status in the registry"),
          refusal: z
            .object({ clause: z.string(), agreementVersion: z.number().int(), message: z.string() })
            .nullable()
            .describe("the agreement's refusal of the unit at the route's level; null when allowed"),
          bookings: z
            .array(
              z.object({
                movementId: z.string(),
                status: z.enum(escortStatuses),
                startsAt: z.string(),
                endsAt: z.string(),
              }),
            )
            .describe("its bookings for other movements overlapping this one's window: empty when free"),
        }),
      )
      .describe("your party's active units, each with its availability over the movement's window"),
  })
  .meta({ id: 'MovementAssignment' });

const taskSchema = z
  .object({
    id: z.string(),
    unitId: z.string(),
    status: z.enum(escortStatuses),
    startsAt: z.string(),
    endsAt: z.string(),
    assignedAt: z.string(),
    respondedAt: z.string().nullable(),
    movement: movementSchema,
  })
  .meta({ id: 'EscortTask' });

/** Escort assignment: units booked for a movement, their commanders' answers, and the commanders' tasks. */
export const movementEscortRoutes: FastifyPluginAsyncZod<{
  escorts: MovementEscorts;
  visibility: RegistryAccess;
}> = async (app, { escorts, visibility }) => {
  const presented = presenterFor(visibility, 'movement');

  app.get(
    `${path}/tasks`,
    {
      config: { access: 'movement.task' },
      schema: {
        tags,
        summary:
          'Your escort tasks: the bookings of the unit you command, soonest first, each with its movement',
        querystring: pageQuery,
        response: { 200: pageOf(taskSchema) },
      },
    },
    async (request) => {
      const viewing = await visibility.viewing(actorOf(request));
      const page = await escorts.tasks(viewing, request.query);
      const items = page.items.flatMap((task) => {
        const [movement] = present(viewing, 'movement', [task.movement]);
        return movement ? [{ ...task, movement }] : [];
      });
      return { items, next: page.next };
    },
  );

  app.get(
    `${path}/:id/units`,
    {
      config: { access: 'movement.assign' },
      schema: {
        tags,
        summary:
          "Escort assignment: the escort's shortfall and your party's units, each with its bookings over the movement's window",
        params: idParams,
        response: { 200: assignmentSchema },
      },
    },
    async (request) => {
      const viewing = await visibility.viewing(actorOf(request));
      const view = await escorts.assignment(viewing, request.params.id);
      return { ...view, movement: presentOne(viewing, 'movement', view.movement) };
    },
  );

  app.post(
    `${path}/:id/units`,
    {
      config: { access: 'movement.assign' },
      schema: {
        tags,
        summary:
          'Assign a unit of your party to the movement: booked for its planned window (409 unit_booked when it is held by an overlapping movement)',
        params: idParams,
        body: z.object({ unitId: z.string().min(1).max(100) }).strict(),
        response: { 200: movementSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return presented(actor, await escorts.assign(actor, request.params.id, request.body.unitId));
    },
  );

  app.delete(
    `${path}/:id/units/:unitId`,
    {
      config: { access: 'movement.assign' },
      schema: {
        tags,
        summary:
          'Withdraw a unit of your party from the movement; a ready movement it leaves short is approved again',
        params: unitParams,
        response: { 200: movementSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id, unitId } = request.params;
      return presented(actor, await escorts.withdraw(actor, id, unitId));
    },
  );

  app.post(
    `${path}/:id/units/:unitId/accept`,
    {
      config: { access: 'movement.task' },
      schema: {
        tags,
        summary:
          "Accept your unit's escort task; an approved movement whose accepted escort meets the requirement becomes ready",
        params: unitParams,
        response: { 200: movementSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id, unitId } = request.params;
      return presented(actor, await escorts.accept(actor, id, unitId));
    },
  );

  app.post(
    `${path}/:id/units/:unitId/decline`,
    {
      config: { access: 'movement.task' },
      schema: {
        tags,
        summary:
          "Decline your unit's escort task with a reason: the unit is free, and a ready movement left short is approved again",
        params: unitParams,
        body: z.object({ reason }).strict(),
        response: { 200: movementSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id, unitId } = request.params;
      return presented(actor, await escorts.decline(actor, id, unitId, request.body.reason));
    },
  );
};
