import type { PartyKind } from '../access/actor.js';
import { type AgreementInForce, decide } from '../agreement/policy.js';
import { invalidTransition } from '../platform/errors.js';
import type { UnitRow } from '../registry/registry.tables.js';
import type { MovementAssessment } from './movement.assessment.js';
import type { VehicleInput } from './movement.js';

/**
 * The rules of an escort, pure: a unit's booking for a movement and its task's lifecycle, and
 * whether the units assigned give the protection the movement's assessment requires. The
 * database enforces that no unit is booked for two overlapping movements (migration 0019).
 */

export const escortStatuses = ['assigned', 'accepted', 'declined', 'released'] as const;
export type EscortStatus = (typeof escortStatuses)[number];

/**
 * What can happen to a booking, with the status it leads to and those it may happen from. A
 * commander may still decline a task accepted earlier (the unit is called away); a decline or a
 * release ends the booking, and the unit is free again.
 */
export const escortTransitions = {
  accept: { from: ['assigned'], to: 'accepted' },
  decline: { from: ['assigned', 'accepted'], to: 'declined' },
  release: { from: ['assigned', 'accepted'], to: 'released' },
} as const satisfies Record<string, { from: readonly EscortStatus[]; to: EscortStatus }>;
export type EscortAction = keyof typeof escortTransitions;

/** Statuses in which a booking holds its unit (while its movement has not ended). */
export const holdingStatuses: readonly EscortStatus[] = ['assigned', 'accepted'];

/** The status `action` leads to from `status`, or `invalid_transition` naming both. */
export function nextEscortStatus(status: EscortStatus, action: EscortAction): EscortStatus {
  const rule = escortTransitions[action];
  if (!(rule.from as readonly EscortStatus[]).includes(status))
    throw invalidTransition('The escort task', status, rule.to);
  return rule.to;
}

/** The window a booking holds its unit for, in epoch milliseconds: [departure, arrival). */
export interface BookingWindow {
  startsMs: number;
  endsMs: number;
}

/** The booking window of a movement's planned times (ISO 8601 with offsets). */
export function bookingWindow(plannedDeparture: string, plannedArrival: string): BookingWindow {
  return { startsMs: Date.parse(plannedDeparture), endsMs: Date.parse(plannedArrival) };
}

/** Whether two half-open windows share an instant: as the database decides it. */
export function windowsOverlap(a: BookingWindow, b: BookingWindow): boolean {
  return a.startsMs < b.endsMs && b.startsMs < a.endsMs;
}

/** What the rule reads of an assigned unit: its row, as the registry stores it. */
export type EscortUnit = Pick<
  UnitRow,
  'id' | 'call_sign' | 'kind' | 'party_id' | 'vehicles' | 'armoured_vehicles'
>;

/** Who may provide units: the agreement in force, and whether each unit's party is host or partner. */
export interface EscortProviders {
  agreement: AgreementInForce;
  partyKinds: Readonly<Record<string, PartyKind>>;
}

/** One way the assigned units fall short of the assessment, with the clause that requires it. */
export interface EscortShortfall {
  rule: 'armedEscortVehicles' | 'armouredPassengerVehicle' | 'unitProvider';
  clause: string;
  agreementVersion: number;
  message: string;
  /** The unit the agreement does not allow, for `unitProvider`. */
  unitId?: string;
  /** What is required and what the allowed units give, for `armedEscortVehicles`. */
  required?: number;
  assigned?: number;
}

/**
 * How the units assigned to a movement (those whose bookings hold them) fall short of what its
 * assessment requires: each unit must be one the agreement lets its party provide at the route's
 * worst level (`decide`'s `unit.provide`); the armed escort vehicles are the vehicles of the
 * allowed units of an armed kind (`unitKinds.<kind>.armed`); the armoured passenger vehicle is one
 * of the movement's own vehicles or an allowed unit's. Empty when the escort is complete.
 */
export function escortShortfall(
  assessment: Pick<MovementAssessment, 'riskLevel' | 'required'>,
  units: readonly EscortUnit[],
  vehicles: readonly Pick<VehicleInput, 'armoured'>[],
  providers: EscortProviders,
): EscortShortfall[] {
  const { agreement, partyKinds } = providers;
  const { required, riskLevel } = assessment;
  const version = agreement.version;
  const shortfalls: EscortShortfall[] = [];
  const allowed: EscortUnit[] = [];
  for (const unit of units) {
    const providerKind = partyKinds[unit.party_id];
    if (!providerKind) {
      shortfalls.push({
        rule: 'unitProvider',
        clause: 'parties',
        agreementVersion: version,
        message: `Unit ${unit.call_sign} belongs to ${unit.party_id}, which is not a party to the agreement`,
        unitId: unit.id,
      });
      continue;
    }
    const decision = decide(
      agreement,
      { partyId: unit.party_id, partyKind: providerKind, roles: [] },
      { type: 'unit.provide', kind: unit.kind, providerKind, riskLevel },
    );
    if (decision.allow) allowed.push(unit);
    else
      shortfalls.push({
        rule: 'unitProvider',
        clause: decision.clause,
        agreementVersion: decision.version,
        message: `Unit ${unit.call_sign}: ${decision.reason}`,
        unitId: unit.id,
      });
  }
  const armed = allowed
    .filter((unit) => agreement.document.unitKinds[unit.kind].armed)
    .reduce((sum, unit) => sum + unit.vehicles, 0);
  if (armed < required.armedEscortVehicles)
    shortfalls.push({
      rule: 'armedEscortVehicles',
      clause: `${required.clause}.armedEscortVehicles`,
      agreementVersion: version,
      message: `needs ${required.armedEscortVehicles} armed escort vehicles, the assigned units give ${armed}`,
      required: required.armedEscortVehicles,
      assigned: armed,
    });
  const armoured =
    vehicles.some((vehicle) => vehicle.armoured) || allowed.some((unit) => unit.armoured_vehicles > 0);
  if (required.armouredPassengerVehicle && !armoured)
    shortfalls.push({
      rule: 'armouredPassengerVehicle',
      clause: `${required.clause}.armouredPassengerVehicle`,
      agreementVersion: version,
      message:
        "needs an armoured passenger vehicle: neither the movement's vehicles nor the units' are armoured",
    });
  return shortfalls;
}
