import type { Actor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { decide, policyActor, refusedBy } from '../agreement/policy.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { AppError, invalidTransition, validationFailed } from '../platform/errors.js';
import type { MovementState } from './movement.js';
import type { Movement } from './movement.record.js';
import * as repo from './movement.repository.js';
import type { MovementTransition } from './movement.transition.js';

/** The escort a departure counts: until units are assigned, what the movement's own vehicles give. */
export type EscortOf = (movement: Movement) => Promise<{
  armedEscortVehicles: number;
  armouredPassengerVehicle: boolean;
}>;

const vehiclesOnly: EscortOf = async (movement) => ({
  armedEscortVehicles: 0,
  armouredPassengerVehicle: movement.vehicles.some((v) => v.armoured),
});

/** Refuses an action on a movement in a state that does not allow it, naming both. */
export function assertIn(movement: Movement, states: readonly MovementState[], what: string) {
  if (!states.includes(movement.state)) throw invalidTransition('The movement', movement.state, what);
}

/** Execution: departure under the agreement, arrival, abort, checkpoints passed and the debrief. */
export function movementExecution(deps: {
  db: Db;
  clock: Clock;
  agreements: AgreementService;
  transition: MovementTransition;
  loadExecutable: (actor: Actor, id: string) => Promise<Movement>;
  escortOf?: EscortOf | undefined;
}) {
  const { db, clock, agreements, transition, loadExecutable, escortOf = vehiclesOnly } = deps;
  return {
    /** Sets off: only from `ready`, and only when the agreement's protection clause is met now. */
    async depart(actor: Actor, id: string): Promise<Movement> {
      const movement = await loadExecutable(actor, id);
      assertIn(movement, ['ready'], 'underway');
      const agreement = await agreements.inForce();
      if (!agreement || movement.riskLevel === null)
        throw new AppError('agreement_not_in_force', 'No agreement is in force: nothing may depart');
      const approvedBy = (await repo.approvalsOf(db, id))
        .filter((a) => a.decision === 'approved' && a.superseded === 0)
        .map((a) => a.party_kind);
      const decision = decide(agreement, policyActor(actor), {
        type: 'movement.depart',
        riskLevel: movement.riskLevel,
        ...(await escortOf(movement)),
        approvedBy,
        at: clock.now(),
      });
      if (!decision.allow) throw refusedBy(decision, 'id', 'params');
      return transition(actor, movement, {
        action: 'depart',
        kind: 'depart',
        audit: 'movement.departed',
        columns: (now) => ({ departed_at: now }),
        details: { clause: decision.clause },
      });
    },

    async arrive(actor: Actor, id: string): Promise<Movement> {
      const movement = await loadExecutable(actor, id);
      return transition(actor, movement, {
        action: 'arrive',
        kind: 'arrive',
        audit: 'movement.arrived',
        columns: (now) => ({ arrived_at: now }),
      });
    },

    async abort(actor: Actor, id: string, reason: string): Promise<Movement> {
      const movement = await loadExecutable(actor, id);
      return transition(actor, movement, {
        action: 'abort',
        kind: 'abort',
        audit: 'movement.aborted',
        columns: () => ({ ended_reason: reason }),
        details: { reason },
      });
    },

    /** Records that the movement passed its checkpoint at `position` (0 for the first). */
    async passCheckpoint(actor: Actor, id: string, position: number): Promise<Movement> {
      const movement = await loadExecutable(actor, id);
      assertIn(movement, ['underway'], 'past a checkpoint');
      const checkpoint = movement.checkpoints.find((c) => c.position === position);
      if (!checkpoint)
        throw validationFailed('position', `The movement has no checkpoint ${position}`, 'params');
      if (checkpoint.passedAt)
        throw new AppError('conflict', `Checkpoint ${position} was passed at ${checkpoint.passedAt}`);
      return transition(actor, movement, {
        kind: 'checkpoint',
        audit: 'movement.checkpoint_passed',
        fields: ['checkpoints'],
        details: { position, name: checkpoint.name },
        work: ({ tx, now }) =>
          repo.passCheckpoint(tx, id, position, now.toISOString(), actor.type === 'user' ? actor.id : null),
      });
    },

    /** The debrief note of a movement that arrived or was aborted. */
    async debrief(actor: Actor, id: string, note: string): Promise<Movement> {
      const movement = await loadExecutable(actor, id);
      assertIn(movement, ['arrived', 'aborted'], 'debriefed');
      return transition(actor, movement, {
        kind: 'debrief',
        audit: 'movement.debriefed',
        columns: () => ({ debrief: note }),
      });
    },
  };
}
