import { z } from 'zod';
import { invalidTransition } from '../platform/errors.js';
import { nameText } from '../platform/text-rules.js';

/**
 * The rules of a movement, pure: its lifecycle and the shape of a request. A movement is a party's
 * request to move persons by road: assessed against the risk picture and the agreement, approved
 * by the parties the agreement names, escorted, then executed.
 */

export const movementStates = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'ready',
  'underway',
  'arrived',
  'aborted',
  'cancelled',
] as const;
export type MovementState = (typeof movementStates)[number];

/**
 * What can happen to a movement, each with the one state it leads to and the states it may
 * happen from. `reassess` is a re-assessment that raised the requirement after approval (the
 * approvals no longer count); `unready` is an escort that declined or was withdrawn.
 */
export const movementTransitions = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted', 'approved', 'ready'], to: 'rejected' },
  ready: { from: ['approved'], to: 'ready' },
  unready: { from: ['ready'], to: 'approved' },
  reassess: { from: ['approved', 'ready'], to: 'submitted' },
  depart: { from: ['ready'], to: 'underway' },
  arrive: { from: ['underway'], to: 'arrived' },
  abort: { from: ['underway'], to: 'aborted' },
  cancel: { from: ['draft', 'submitted', 'approved', 'ready'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly MovementState[]; to: MovementState }>;
export type MovementAction = keyof typeof movementTransitions;
export const movementActions = Object.keys(movementTransitions) as MovementAction[];

/** The state `action` leads to from `state`, or `invalid_transition` naming both states. */
export function nextState(state: MovementState, action: MovementAction): MovementState {
  const rule = movementTransitions[action];
  if (!(rule.from as readonly MovementState[]).includes(state))
    throw invalidTransition('The movement', state, rule.to);
  return rule.to;
}

/** States in which the movement is over: nothing more happens to it. */
export const closedStates: readonly MovementState[] = ['rejected', 'arrived', 'aborted', 'cancelled'];
/** States in which an input change re-assesses it: before departure, still open. */
export const assessedStates: readonly MovementState[] = ['submitted', 'approved', 'ready'];
/** States in which the request itself may still be edited. */
export const editableStates: readonly MovementState[] = ['draft', 'submitted', 'approved', 'ready'];

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 date and time with its offset');

/** A place: a registered site, or a point with an optional name. */
export const placeInput = z.union([
  z.object({ siteId: z.string().min(1).max(100) }).strict(),
  z.object({ lat: latitude, lon: longitude, name: nameText(200).optional() }).strict(),
]);
export type PlaceInput = z.output<typeof placeInput>;

/** The route as drawn: a GeoJSON LineString of [lon, lat] waypoints. */
export const routeInput = z
  .object({
    type: z.literal('LineString'),
    coordinates: z
      .array(z.tuple([longitude, latitude]))
      .min(2)
      .max(500),
  })
  .strict();
export type RouteInput = z.output<typeof routeInput>;

export const checkpointInput = z
  .object({ name: nameText(200), lat: latitude, lon: longitude, plannedAt: instant })
  .strict();
export type CheckpointInput = z.output<typeof checkpointInput>;

export const vehicleInput = z.object({ label: nameText(100), armoured: z.boolean().default(false) }).strict();
export type VehicleInput = z.output<typeof vehicleInput>;

/** A movement request; rules across fields (times in order, route near its ends) are checked apart. */
export const movementInput = z
  .object({
    purpose: nameText(500),
    passengers: z.array(z.string().min(1).max(100)).min(1).max(100),
    origin: placeInput,
    destination: placeInput,
    route: routeInput,
    /** How far from the route line the movement may stray, in metres. */
    corridorMeters: z.number().int().min(50).max(20_000).default(1_000),
    plannedDeparture: instant,
    plannedArrival: instant,
    checkpoints: z.array(checkpointInput).max(50).default([]),
    vehicles: z.array(vehicleInput).min(1).max(50),
  })
  .strict();
export type MovementInput = z.output<typeof movementInput>;
