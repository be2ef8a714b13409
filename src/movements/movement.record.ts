import { z } from 'zod';
import type { PartyKind } from '../access/actor.js';
import { decide, type AgreementInForce, type PolicyActor } from '../agreement/policy.js';
import type { MovementAssessment } from './movement.assessment.js';
import {
  type MovementInput,
  type MovementState,
  movementStates,
  routeInput,
  type RouteInput,
  type VehicleInput,
} from './movement.js';
import type { OwnedMovementRow } from './movement.repository.js';
import type { MovementCheckpointRow, MovementPassengerRow } from './movement.tables.js';

/** A movement as the service returns it: its row in camelCase, with its passengers and checkpoints. */
export interface Movement {
  id: string;
  partyId: string;
  partyKind: PartyKind;
  state: MovementState;
  purpose: string;
  origin: Place;
  destination: Place;
  route: RouteInput;
  corridorMeters: number;
  plannedDeparture: string;
  plannedArrival: string;
  checkpoints: Checkpoint[];
  passengers: string[];
  vehicles: VehicleInput[];
  riskLevel: number | null;
  assessment: MovementAssessment | null;
  /** The escort units assigned (escort assignment fills them). */
  units: string[];
  requestedBy: string;
  agreementVersion: number | null;
  departedAt: string | null;
  arrivedAt: string | null;
  endedReason: string | null;
  debrief: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Place {
  siteId: string | null;
  lat: number;
  lon: number;
}

export interface Checkpoint {
  position: number;
  name: string;
  lat: number;
  lon: number;
  plannedAt: string;
  passedAt: string | null;
  passedBy: string | null;
}

/** The row, its passengers and its checkpoints as one record. PostgreSQL returns doubles as numbers. */
export function toMovement(
  row: OwnedMovementRow,
  passengers: readonly MovementPassengerRow[],
  checkpoints: readonly MovementCheckpointRow[],
): Movement {
  return {
    id: row.id,
    partyId: row.party_id,
    partyKind: row.party_kind,
    state: row.state,
    purpose: row.purpose,
    origin: { siteId: row.origin_site_id, lat: Number(row.origin_lat), lon: Number(row.origin_lon) },
    destination: {
      siteId: row.destination_site_id,
      lat: Number(row.destination_lat),
      lon: Number(row.destination_lon),
    },
    route: JSON.parse(row.route) as RouteInput,
    corridorMeters: row.corridor_m,
    plannedDeparture: row.planned_departure,
    plannedArrival: row.planned_arrival,
    checkpoints: checkpoints.map((c) => ({
      position: c.position,
      name: c.name,
      lat: Number(c.lat),
      lon: Number(c.lon),
      plannedAt: c.planned_at,
      passedAt: c.passed_at,
      passedBy: c.passed_by,
    })),
    passengers: passengers.map((p) => p.person_id),
    vehicles: JSON.parse(row.vehicles) as VehicleInput[],
    riskLevel: row.risk_level,
    assessment: row.assessment === null ? null : (JSON.parse(row.assessment) as MovementAssessment),
    units: [],
    requestedBy: row.requested_by,
    agreementVersion: row.agreement_version,
    departedAt: row.departed_at,
    arrivedAt: row.arrived_at,
    endedReason: row.ended_reason,
    debrief: row.debrief,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The stored request as its input: what a change is merged with before the rules run again. */
export function requestOf(movement: Movement): MovementInput {
  const place = ({ siteId, lat, lon }: Place) => (siteId ? { siteId } : { lat, lon });
  return {
    purpose: movement.purpose,
    passengers: movement.passengers,
    origin: place(movement.origin),
    destination: place(movement.destination),
    route: movement.route,
    corridorMeters: movement.corridorMeters,
    plannedDeparture: movement.plannedDeparture,
    plannedArrival: movement.plannedArrival,
    checkpoints: movement.checkpoints.map(({ name, lat, lon, plannedAt }) => ({ name, lat, lon, plannedAt })),
    vehicles: movement.vehicles,
  };
}

/**
 * The risk levels at which the agreement in force asks the viewer's party to approve: a movement
 * at such a level, once submitted, involves that party, which then sees it (field by field as
 * the `movement` condition shares them) even where movement records are otherwise not shared.
 */
export function approvingLevels(agreement: AgreementInForce | null, viewer: PolicyActor): number[] {
  if (!agreement || !viewer.partyKind) return [];
  const kind = viewer.partyKind;
  return agreement.document.protection.filter((rule) => rule.approvals.includes(kind)).map((r) => r.level);
}

/**
 * Whether the movement involves the viewer's party: a movement of the other side (the host's for
 * a partner, a partner's for the host), submitted, at a level whose approval the viewer's gives.
 */
export function involves(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  movement: Pick<Movement, 'state' | 'riskLevel' | 'partyKind'>,
): boolean {
  if (movement.state === 'draft' || movement.riskLevel === null) return false;
  if (!viewer.partyKind || movement.partyKind === viewer.partyKind) return false;
  return approvingLevels(agreement, viewer).includes(movement.riskLevel);
}

/** Whether the agreement lets the viewer's party read another party's movement at all. */
export function sharesMovement(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  movement: Pick<Movement, 'partyId' | 'partyKind'>,
): boolean {
  if (viewer.partyId === movement.partyId) return true;
  if (!agreement) return false;
  return decide(agreement, viewer, {
    type: 'record.read',
    entity: 'movement',
    ownerPartyId: movement.partyId,
    ownerKind: movement.partyKind,
  }).allow;
}

const partyKinds = z.enum(['host', 'partner']);
const point = z.object({ lat: z.number(), lon: z.number() });
const place = z.object({ siteId: z.string().nullable(), lat: z.number(), lon: z.number() });

export const assessmentSchema = z
  .object({
    asOf: z.string(),
    agreementVersion: z.number().int(),
    riskLevel: z.number().int(),
    km: z.number(),
    kmByLevel: z.record(z.string(), z.number()),
    segments: z.array(z.object({ level: z.number().int(), km: z.number(), points: z.array(point) })),
    required: z.object({
      clause: z.string(),
      armedEscortVehicles: z.number().int(),
      armouredPassengerVehicle: z.boolean(),
      allowedHours: z.object({ from: z.string(), to: z.string() }).nullable(),
      timeZone: z.string(),
      approvals: z.array(partyKinds),
      forbidden: z.boolean(),
      exemptionApprovals: z.array(partyKinds),
      providers: z.record(z.string(), z.array(partyKinds)),
    }),
    breaches: z.array(z.object({ rule: z.string(), clause: z.string(), message: z.string() })),
  })
  .meta({ id: 'MovementAssessment' });

/** What each shareable field of a movement holds in a response (the presenter's allow-list). */
export const movementFields = z.object({
  purpose: z.string(),
  state: z.enum(movementStates),
  origin: place,
  destination: place,
  route: routeInput,
  corridorMeters: z.number().int(),
  checkpoints: z.array(
    z.object({
      position: z.number().int(),
      name: z.string(),
      lat: z.number(),
      lon: z.number(),
      plannedAt: z.string(),
      passedAt: z.string().nullable(),
      passedBy: z.string().nullable(),
    }),
  ),
  plannedDeparture: z.string(),
  plannedArrival: z.string(),
  passengers: z.array(z.string()).describe('the ids of the persons who travel'),
  vehicles: z.array(z.object({ label: z.string(), armoured: z.boolean() })),
  riskLevel: z.number().int().nullable(),
  assessment: assessmentSchema.nullable(),
  units: z.array(z.string()).describe('the ids of the escort units assigned'),
  requestedBy: z.string(),
  departedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  endedReason: z.string().nullable(),
  debrief: z.string().nullable(),
  version: z.number().int().describe('counts changes: a client tells that what it shows is stale'),
});
