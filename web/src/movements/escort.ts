import type { components } from '../api/schema.js';
import { can } from '../app/can.js';
import type { HistoryEntry, Movement, MovementState } from './movement.js';

/** The escort assignment view: the accepted escort's shortfall and the viewer's party's units. */
export type Assignment = components['schemas']['MovementAssignment'];
export type Candidate = Assignment['candidates'][number];
export type Shortfall = NonNullable<Assignment['shortfall']>[number];
export type EscortTask = components['schemas']['EscortTask'];
export type Escort = NonNullable<Movement['units']>[number];

/** The states in which the server lets a unit be assigned or withdrawn: assessed and not yet under way. */
const assigningStates: readonly MovementState[] = ['submitted', 'approved', 'ready'];

/** Whether the viewer may assign units to the movement in its state (the server still decides each call). */
export function mayAssign(movement: Pick<Movement, 'state'>, me: { roles: readonly string[] }): boolean {
  return (
    can(me, 'movement.assign') && movement.state !== undefined && assigningStates.includes(movement.state)
  );
}

/**
 * A unit's availability for the movement, worst first: the agreement does not allow it here,
 * it is booked on an overlapping movement, it is off duty, or it is free.
 */
export type Availability = 'refused' | 'booked' | 'offDuty' | 'free';

export function availabilityOf(candidate: Pick<Candidate, 'refusal' | 'bookings' | 'status'>): Availability {
  if (candidate.refusal) return 'refused';
  if (candidate.bookings.length > 0) return 'booked';
  if (candidate.status === 'off_duty') return 'offDuty';
  return 'free';
}

/** Whether the Assign button is offered: a refused or booked unit would be refused by the server. */
export const assignable = (availability: Availability) =>
  availability === 'free' || availability === 'offDuty';

/** One line of the requirement against what the accepted escort gives. */
export type RequirementLine =
  | { rule: 'armedEscortVehicles'; required: number; met: true }
  | { rule: 'armedEscortVehicles'; required: number; met: false; given: number }
  | { rule: 'armouredPassengerVehicle'; met: boolean }
  | { rule: 'unitProvider'; unitId: string | undefined; message: string };

/**
 * The requirement of the assessment line by line, each met or short as the server's shortfall says
 * (it counts the accepted units the agreement allows); lines it does not require are left out.
 */
export function requirementLines(
  required: { armedEscortVehicles: number; armouredPassengerVehicle: boolean },
  shortfall: readonly Shortfall[],
): RequirementLine[] {
  const lines: RequirementLine[] = [];
  if (required.armedEscortVehicles > 0) {
    const short = shortfall.find((s) => s.rule === 'armedEscortVehicles');
    lines.push(
      short
        ? {
            rule: 'armedEscortVehicles',
            required: required.armedEscortVehicles,
            met: false,
            given: short.assigned ?? 0,
          }
        : { rule: 'armedEscortVehicles', required: required.armedEscortVehicles, met: true },
    );
  }
  if (required.armouredPassengerVehicle)
    lines.push({
      rule: 'armouredPassengerVehicle',
      met: !shortfall.some((s) => s.rule === 'armouredPassengerVehicle'),
    });
  for (const s of shortfall)
    if (s.rule === 'unitProvider') lines.push({ rule: 'unitProvider', unitId: s.unitId, message: s.message });
  return lines;
}

/** A unit whose commander declined the task, and has not been assigned again since. */
export interface Declined {
  unitId: string;
  callSign: string | undefined;
  reason: string | undefined;
  at: string;
}

/**
 * The units whose last escort event in the history is a decline: a declined booking leaves the
 * movement's `units`, so its reason lives in the history only.
 */
export function declinedUnits(history: readonly HistoryEntry[]): Declined[] {
  const last = new Map<string, HistoryEntry>();
  for (const entry of history) {
    const unitId = entry.details?.unitId;
    if (entry.kind.startsWith('escort_') && typeof unitId === 'string') last.set(unitId, entry);
  }
  return [...last.entries()]
    .filter(([, entry]) => entry.kind === 'escort_decline')
    .map(([unitId, entry]) => ({
      unitId,
      callSign: typeof entry.details?.callSign === 'string' ? entry.details.callSign : undefined,
      reason: typeof entry.details?.reason === 'string' ? entry.details.reason : undefined,
      at: entry.at,
    }));
}

/**
 * What the commander may still answer, while the movement has not set off: accept a task awaiting
 * them; decline it, even once accepted (the unit is called away).
 */
export function taskAnswers(
  task: Pick<EscortTask, 'status'> & { movement: Pick<Movement, 'state'> },
): ('accept' | 'decline')[] {
  const open = task.movement.state !== undefined && assigningStates.includes(task.movement.state);
  if (open && task.status === 'assigned') return ['accept', 'decline'];
  if (open && task.status === 'accepted') return ['decline'];
  return [];
}
