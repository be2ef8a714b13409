import { z } from 'zod';
import type { PartyKind } from '../access/actor.js';
import { decide, type AgreementInForce, type PolicyActor } from '../agreement/policy.js';
import { type MovementEscort, presentedEscort } from './escort.presenter.js';
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
import type { MovementApprovalRow, MovementCheckpointRow, MovementPassengerRow } from './movement.tables.js';

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
  /** The escort: units assigned or accepted (declined and withdrawn ones only in the history). */
  units: MovementEscort[];
  /** Every approval, veto and break-glass approval, superseded ones too, earliest first. */
  approvals: MovementApproval[];
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

/** An approval, veto or break-glass approval of a movement, as the API shows it. */
export interface MovementApproval {
  id: string;
  partyId: string;
  partyKind: PartyKind;
  decidedBy: string;
  decision: 'approved' | 'rejected';
  /** A veto's reason, or a break-glass approval's justification. */
  reason: string | null;
  breakGlass: boolean;
  /** No longer counts: a re-assessment raised the requirement after it. */
  superseded: boolean;
  agreementVersion: number;
  decidedAt: string;
  /** A break-glass approval's review by the other party; `status` as of the viewing (presenter). */
  review: {
    status: 'pending' | 'overdue' | 'reviewed';
    dueAt: string | null;
    reviewedBy: string | null;
    reviewedAt: string | null;
    note: string | null;
  } | null;
}

export function toApproval(row: MovementApprovalRow): MovementApproval {
  const breakGlass = row.break_glass !== 0;
  return {
    id: row.id,
    partyId: row.party_id,
    partyKind: row.party_kind,
    decidedBy: row.decided_by,
    decision: row.decision,
    reason: row.reason,
    breakGlass,
    superseded: row.superseded !== 0,
    agreementVersion: row.agreement_version,
    decidedAt: row.decided_at,
    review:
      breakGlass && row.decision === 'approved'
        ? {
            status: row.reviewed_at !== null ? 'reviewed' : 'pending',
            dueAt: row.review_due_at,
            reviewedBy: row.reviewed_by,
            reviewedAt: row.reviewed_at,
            note: row.review_note,
          }
        : null,
  };
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
  approvals: readonly MovementApprovalRow[] = [],
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
    approvals: approvals.map(toApproval),
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

/**
 * Whether the viewer commands a unit of the movement's escort: the escort needs the route and the
 * times, so the movement involves them (even one of another party), as it does a required approver.
 */
export function escortedBy(commands: string | null | undefined, movement: Pick<Movement, 'units'>): boolean {
  return !!commands && movement.units.some((unit) => unit.unitId === commands);
}

/** Whether the agreement lets the viewer's party read another party's movement at all. */
export function sharesMovement(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  movement: Pick<Movement, 'partyId' | 'partyKind' | 'state'>,
): boolean {
  if (viewer.partyId === movement.partyId) return true;
  // A draft is the requesting party's own working copy until it is submitted.
  if (!agreement || movement.state === 'draft') return false;
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
  units: z
    .array(presentedEscort)
    .describe('the escort: each unit assigned or accepted, with its task status'),
  approvals: z
    .array(
      z.object({
        id: z.string(),
        partyId: z.string(),
        partyKind: partyKinds,
        decidedBy: z.string(),
        decision: z.enum(['approved', 'rejected']),
        reason: z.string().nullable().describe("a veto's reason or a break-glass approval's justification"),
        breakGlass: z.boolean(),
        superseded: z.boolean().describe('no longer counts: a re-assessment raised the requirement'),
        agreementVersion: z.number().int(),
        decidedAt: z.string(),
        review: z
          .object({
            status: z.enum(['pending', 'overdue', 'reviewed']),
            dueAt: z.string().nullable(),
            reviewedBy: z.string().nullable(),
            reviewedAt: z.string().nullable(),
            note: z.string().nullable(),
          })
          .nullable()
          .describe("a break-glass approval's review by the other party"),
      }),
    )
    .describe('every approval, veto and break-glass approval, superseded ones too'),
  requestedBy: z.string(),
  departedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  endedReason: z.string().nullable(),
  debrief: z.string().nullable(),
  version: z.number().int().describe('counts changes: a client tells that what it shows is stale'),
});
