import type { Actor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import type { AuditAction } from '../audit/audit-actions.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import { conflict, notFound } from '../platform/errors.js';
import { bookingWindow } from './escort.js';
import { endBookings, listEscorts, moveBookings } from './escort.repository.js';
import { closedStates, type MovementAction, type MovementState, nextState } from './movement.js';
import { type Movement, toMovement } from './movement.record.js';
import * as repo from './movement.repository.js';
import type { MovementRow } from './movement.tables.js';

/** One change to a movement: what it is called, what it stores, and what it does besides. */
export interface MovementChange {
  /** The lifecycle action, when the state changes. */
  action?: MovementAction;
  /** The history entry's kind and the event's action: the lifecycle action, or `update`, `assess` … */
  kind: string;
  audit: AuditAction;
  /** The columns it sets besides the state, the version and the times. */
  columns?: (now: string) => Partial<MovementRow>;
  /** The audited field names (stored columns); `state` is added when the state changes. */
  fields?: readonly string[];
  /** What the history entry states beside who, when and the states. */
  details?: Record<string, unknown>;
  /** Further writes in the same transaction (passengers, checkpoints, approvals). */
  work?: (scope: WriteScope, movement: Movement) => Promise<void>;
}

/** Work a transition does in its write once the movement is in its new state. */
export type MovementTransitionHook = (scope: WriteScope, movement: Movement) => Promise<void>;

/** Loads a movement by id with its passengers and checkpoints, on the handle given. */
export async function loadMovement(db: Db, id: string): Promise<Movement | null> {
  const row = await repo.findMovement(db, id);
  if (!row) return null;
  const [passengers, checkpoints] = [await repo.passengersOf(db, id), await repo.checkpointsOf(db, id)];
  const movement = toMovement(row, passengers, checkpoints, await repo.approvalsOf(db, id));
  movement.units = await escortOf(db, id);
  return movement;
}

/** The escort: the units assigned or accepted, as a movement carries them. */
async function escortOf(db: Db, id: string): Promise<Movement['units']> {
  return (await listEscorts(db, id)).map((b) => ({
    unitId: b.unit_id,
    partyId: b.unit_party_id,
    partyKind: b.unit_party_kind,
    callSign: b.call_sign,
    kind: b.kind,
    status: b.status,
    vehicles: b.vehicles,
    armouredVehicles: b.armoured_vehicles,
  }));
}

/** Loads movements by id with their passengers, checkpoints and approvals: four queries, whatever the count. */
export async function loadMovements(db: Db, ids: readonly string[]): Promise<Movement[]> {
  if (ids.length === 0) return [];
  const rows = await repo.findMovements(db, ids);
  const passengers = groupBy(await repo.passengersOfMany(db, ids), (p) => p.movement_id);
  const checkpoints = groupBy(await repo.checkpointsOfMany(db, ids), (c) => c.movement_id);
  const approvals = groupBy(await repo.approvalsOfMany(db, ids), (a) => a.movement_id);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const movements: Movement[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const movement = toMovement(
      row,
      passengers.get(id) ?? [],
      checkpoints.get(id) ?? [],
      approvals.get(id) ?? [],
    );
    // One query a movement: escorts are few and a page's are read together in one transaction.
    movement.units = await escortOf(db, id);
    movements.push(movement);
  }
  return movements;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * One change applied inside a write: the next state from the transition table, the row changed
 * only if no other write changed it first (its version; false if one did), the passengers
 * released when it closes, one history entry with the actor, their party and the agreement
 * version, one audit entry, and `movement.changed` after commit.
 */
export async function applyChange(
  scope: WriteScope,
  actor: Actor,
  movement: Movement,
  change: MovementChange,
  agreementVersion: number | null,
  onSubmitted?: MovementTransitionHook,
): Promise<boolean> {
  const { tx, now, audit, publish } = scope;
  const from = movement.state;
  const to: MovementState = change.action ? nextState(from, change.action) : from;
  const at = now.toISOString();
  const columns = change.columns?.(at) ?? {};
  const stored = await repo.updateMovement(tx, movement.id, movement.version, from, {
    ...columns,
    state: to,
    agreement_version: agreementVersion,
    updated_at: at,
  });
  if (!stored) return false;
  await change.work?.(scope, movement);
  // The passengers and the escort's units are free once it closes; the units' bookings follow
  // its planned times (refused with unit_booked where a unit is held then).
  if (closedStates.includes(to) && !closedStates.includes(from)) {
    await repo.releasePassengers(tx, movement.id);
    await endBookings(tx, movement.id);
  } else if (
    (columns.planned_departure !== undefined && columns.planned_departure !== movement.plannedDeparture) ||
    (columns.planned_arrival !== undefined && columns.planned_arrival !== movement.plannedArrival)
  ) {
    const window = bookingWindow(
      columns.planned_departure ?? movement.plannedDeparture,
      columns.planned_arrival ?? movement.plannedArrival,
    );
    await moveBookings(tx, movement.id, window);
  }
  await repo.appendHistory(tx, {
    movement_id: movement.id,
    at,
    kind: change.kind,
    from_state: from,
    to_state: to,
    actor_id: actor.id,
    party_id: actor.partyId,
    agreement_version: agreementVersion,
    details: change.details ? JSON.stringify(change.details) : null,
  });
  const fields = [...(change.fields ?? Object.keys(columns)), ...(to !== from ? ['state'] : [])];
  await audit({
    action: change.audit,
    entityId: movement.id,
    partyId: movement.partyId,
    fields: [...new Set(fields)].sort(),
  });
  publish('movement.changed', {
    movementId: movement.id,
    partyId: movement.partyId,
    action: change.kind,
    from,
    to,
    version: movement.version + 1,
  });
  if (onSubmitted && to === 'submitted' && from !== 'submitted') {
    const submitted = await loadMovement(tx, movement.id);
    if (submitted) await onSubmitted(scope, submitted);
  }
  return true;
}

/** The one way a stored movement changes: `applyChange` in its own audited write. */
export function movementTransitions(deps: {
  writes: AuditedWrites;
  agreements: AgreementService;
  /**
   * Runs in the write whenever a movement enters `submitted` (on submit, or falling back after a
   * re-assessment): a round of approvals opens (movement.approvals.ts times it).
   */
  onSubmitted?: MovementTransitionHook | undefined;
}) {
  const { writes, agreements, onSubmitted } = deps;
  return async function transition(actor: Actor, movement: Movement, change: MovementChange) {
    // Refused before the write: an invalid transition names both states.
    if (change.action) nextState(movement.state, change.action);
    return writes.write(actor, async (scope) => {
      const agreement = await agreements.inForceWithin(scope.tx);
      const agreementVersion = agreement?.version ?? movement.agreementVersion;
      if (!(await applyChange(scope, actor, movement, change, agreementVersion, onSubmitted)))
        throw conflict('conflict', 'The movement changed meanwhile: reload it and try again', {
          version: movement.version,
        });
      const changed = await loadMovement(scope.tx, movement.id);
      if (!changed) throw notFound('movement_not_found', 'Movement');
      return changed;
    });
  };
}

export type MovementTransition = ReturnType<typeof movementTransitions>;
