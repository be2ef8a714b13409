import type { Actor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import type { AuditAction } from '../audit/audit-actions.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import { conflict, notFound } from '../platform/errors.js';
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

/** Loads a movement by id with its passengers and checkpoints, on the handle given. */
export async function loadMovement(db: Db, id: string): Promise<Movement | null> {
  const row = await repo.findMovement(db, id);
  if (!row) return null;
  return toMovement(row, await repo.passengersOf(db, id), await repo.checkpointsOf(db, id));
}

/**
 * The one way a stored movement changes: the next state from the transition table, the row
 * changed only if no other write changed it first (its version), the passengers released when it
 * closes, one history entry with the actor, their party and the agreement version, one audit
 * entry, and `movement.changed` after commit.
 */
export function movementTransitions(deps: { writes: AuditedWrites; agreements: AgreementService }) {
  const { writes, agreements } = deps;
  return async function transition(actor: Actor, movement: Movement, change: MovementChange) {
    const from = movement.state;
    const to: MovementState = change.action ? nextState(from, change.action) : from;
    return writes.write(actor, async (scope) => {
      const { tx, now, audit, publish } = scope;
      const at = now.toISOString();
      const agreement = await agreements.inForceWithin(tx);
      const agreementVersion = agreement?.version ?? movement.agreementVersion;
      const columns = change.columns?.(at) ?? {};
      const stored = await repo.updateMovement(tx, movement.id, movement.version, {
        ...columns,
        state: to,
        agreement_version: agreementVersion,
        updated_at: at,
      });
      if (!stored)
        throw conflict('conflict', 'The movement changed meanwhile: reload it and try again', {
          version: movement.version,
        });
      await change.work?.(scope, movement);
      if (closedStates.includes(to) && !closedStates.includes(from))
        await repo.releasePassengers(tx, movement.id);
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
      const changed = await loadMovement(tx, movement.id);
      if (!changed) throw notFound('movement_not_found', 'Movement');
      return changed;
    });
  };
}

export type MovementTransition = ReturnType<typeof movementTransitions>;
