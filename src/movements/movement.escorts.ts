import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import type { AgreementInForce } from '../agreement/policy.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db, Tx } from '../database.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../platform/errors.js';
import type { Viewing } from '../registry/registry.presenter.js';
import type { UnitService } from '../registry/unit.service.js';
import type { RegistryAccess } from '../registry/visibility.js';
import { bookingWindow, type EscortAction, type EscortShortfall, nextEscortStatus } from './escort.js';
import * as escorts from './escort.repository.js';
import type { MovementEscort } from './escort.presenter.js';
import { acceptedShortfall, unitRefusalOf } from './escort.providers.js';
import { escortReads } from './movement.escort-reads.js';
import { assessedStates, type MovementAction } from './movement.js';
import { assertIn } from './movement.execution.js';
import type { Movement } from './movement.record.js';
import type { MovementUnitRow } from './movement.tables.js';
import { movementTransitions } from './movement.transition.js';

/** The user behind an actor, for the columns that refer to users; null for the system. */
const userOf = (actor: Actor) => (actor.type === 'user' ? actor.id : null);

/**
 * Escort assignment: a party's coordinators book its units for a movement, each unit's commander
 * accepts or declines, and the movement is `ready` exactly while it is approved and the accepted
 * units give what its assessment requires. Every change is one transition of the movement (a
 * history entry, an audit entry, `movement.changed`), with the booking in the same transaction.
 */
export function movementEscorts(deps: {
  db: Db;
  writes: AuditedWrites;
  agreements: AgreementService;
  access: RegistryAccess;
  units: UnitService;
  /** A movement the viewing may see (the movement service's `get`). */
  visibleMovement: (viewing: Viewing, id: string) => Promise<Movement>;
}) {
  const { db, writes, agreements, access, units, visibleMovement } = deps;
  const transition = movementTransitions({ writes, agreements });

  async function inForce(): Promise<AgreementInForce> {
    const agreement = await agreements.inForce();
    if (!agreement)
      throw new AppError('agreement_not_in_force', 'No agreement is in force: no unit may be assigned');
    return agreement;
  }

  /** The movement and the unit's live booking on it: not found when the unit holds none there. */
  async function bookingOn(actor: Actor, id: string, unitId: string) {
    const viewing = await access.viewing(actor);
    const movement = await visibleMovement(viewing, id);
    const booking = await escorts.findActiveBooking(db, id, unitId);
    const unit = movement.units.find((u) => u.unitId === unitId);
    if (!booking || !unit) throw notFound('unit_not_found', 'Unit');
    return { viewing, movement, booking, unit };
  }

  /**
   * The lifecycle action the escort change leads the movement to: `ready` when it is approved and
   * the accepted units (after the change) give what is required, `unready` when it was ready and
   * they no longer do; none otherwise. With the shortfall, for the history.
   */
  function readiness(
    agreement: AgreementInForce,
    movement: Movement,
    after: readonly MovementEscort[],
  ): { action?: MovementAction; shortfall: EscortShortfall[] | null } {
    const shortfall = acceptedShortfall(agreement, movement, after);
    const complete = shortfall !== null && shortfall.length === 0;
    if (movement.state === 'approved' && complete) return { action: 'ready', shortfall };
    if (movement.state === 'ready' && !complete) return { action: 'unready', shortfall };
    return { shortfall };
  }

  /** A task answered or withdrawn: the booking changes, and the movement follows it in one transition. */
  async function changeTask(
    actor: Actor,
    found: Awaited<ReturnType<typeof bookingOn>>,
    change: {
      action: EscortAction;
      kind: string;
      audit: 'movement.escort_accepted' | 'movement.escort_declined' | 'movement.escort_withdrawn';
      reason?: string;
      write: (tx: Tx, booking: MovementUnitRow, at: string) => Promise<MovementUnitRow | undefined>;
    },
  ): Promise<Movement> {
    const { movement, booking, unit } = found;
    assertIn(movement, assessedStates, 'given another escort');
    const status = nextEscortStatus(booking.status, change.action);
    const after = movement.units.map((u) => (u.unitId === unit.unitId ? { ...u, status } : u));
    const { action, shortfall } = readiness(await inForce(), movement, after);
    return transition(actor, movement, {
      ...(action ? { action } : {}),
      kind: change.kind,
      audit: change.audit,
      fields: ['units'],
      details: {
        unitId: unit.unitId,
        callSign: unit.callSign,
        status,
        ...(change.reason ? { reason: change.reason } : {}),
        ...(shortfall
          ? { shortfall: shortfall.map(({ rule, clause, message }) => ({ rule, clause, message })) }
          : {}),
      },
      work: async ({ tx, now }) => {
        const changed = await change.write(tx, booking, now.toISOString());
        if (!changed)
          throw conflict('conflict', 'The escort task changed meanwhile: reload it and try again', {
            unitId: unit.unitId,
          });
      },
    });
  }

  /** Only the commander of the unit answers its task (users.unit_id). */
  async function assertCommands(viewing: Viewing, unitId: string) {
    const { viewer } = viewing;
    if (viewer.type === 'system') return;
    if (viewer.type !== 'user' || !viewer.roles.includes('commander') || viewing.commands !== unitId)
      throw forbidden("Only the unit's own commander answers its escort task", {
        roles: ['commander'],
        caller: 'the user themself',
      });
  }

  /** Only a coordinator or admin of the unit's party assigns or withdraws it. */
  function assertManagesUnit(actor: Actor, partyId: string) {
    if (actor.type === 'system' || actor.partyId === partyId) return;
    throw forbidden('A party assigns and withdraws only its own units', {
      clause: 'ownership',
      party: partyId,
    });
  }

  /** The commander's answer to the unit's task: the booking accepted or declined, and the movement after it. */
  async function answerTask(
    actor: Actor,
    id: string,
    unitId: string,
    answer: 'accepted' | 'declined',
    reason?: string,
  ): Promise<Movement> {
    const found = await bookingOn(actor, id, unitId);
    await assertCommands(found.viewing, unitId);
    const verb = answer === 'accepted' ? 'accept' : 'decline';
    return changeTask(actor, found, {
      action: verb,
      kind: `escort_${verb}`,
      audit: `movement.escort_${answer}`,
      ...(reason ? { reason } : {}),
      write: (tx, booking, at) =>
        escorts.respondToBooking(tx, {
          id: booking.id,
          from: booking.status,
          to: answer,
          by: userOf(actor),
          at,
          ...(reason ? { reason } : {}),
        }),
    });
  }

  return {
    ...escortReads({ db, agreements, units, visibleMovement }),

    /**
     * Books a unit of the actor's party for the movement's planned window: the unit must be
     * active and one the agreement lets its party provide at the route's level. The database
     * refuses a unit booked for an overlapping movement (409 `unit_booked`), so of concurrent
     * requests exactly one wins.
     */
    async assign(
      actor: Actor,
      id: string,
      unitId: string,
      options: { assignedBy?: string } = {},
    ): Promise<Movement> {
      // The booking names the user who assigned it: the command line and the demo name one.
      const assignedBy = actor.type === 'user' ? actor.id : options.assignedBy;
      if (!assignedBy) throw validationFailed('assignedBy', 'Name the user who assigns the unit');
      const viewing = await access.viewing(actor);
      const movement = await visibleMovement(viewing, id);
      assertIn(movement, assessedStates, 'given an escort');
      const unit = await units.get(viewing, unitId);
      if (!unit.active) throw notFound('unit_not_found', 'Unit');
      assertManagesUnit(actor, unit.partyId);
      const agreement = await inForce();
      const refusal = unitRefusalOf(unit, movement.riskLevel, agreement);
      if (refusal)
        throw new AppError(
          'agreement_refuses',
          `Agreement v${refusal.agreementVersion}, clause ${refusal.clause}: ${refusal.message}`,
          {
            field: 'unitId',
            in: 'body',
            clause: refusal.clause,
            agreementVersion: refusal.agreementVersion,
          },
        );
      const window = bookingWindow(movement.plannedDeparture, movement.plannedArrival);
      return transition(actor, movement, {
        kind: 'escort_assign',
        audit: 'movement.escort_assigned',
        fields: ['units'],
        details: { unitId: unit.id, callSign: unit.callSign, status: 'assigned' },
        work: async ({ tx, now }) => {
          await escorts.bookUnit(tx, {
            id: randomUUID(),
            movement_id: movement.id,
            unit_id: unit.id,
            unit_party_id: unit.partyId,
            assigned_by: assignedBy,
            assigned_at: now.toISOString(),
            starts_ms: window.startsMs,
            ends_ms: window.endsMs,
            agreement_version: agreement.version,
          });
        },
      });
    },

    /** Withdraws a unit from the movement: free again; a ready movement it leaves short goes back to approved. */
    async withdraw(actor: Actor, id: string, unitId: string): Promise<Movement> {
      const found = await bookingOn(actor, id, unitId);
      assertManagesUnit(actor, found.booking.unit_party_id);
      return changeTask(actor, found, {
        action: 'release',
        kind: 'escort_withdraw',
        audit: 'movement.escort_withdrawn',
        write: (tx, booking, at) =>
          escorts.releaseBooking(tx, { id: booking.id, from: booking.status, by: userOf(actor), at }),
      });
    },

    /** The unit's commander accepts the task; an approved movement whose escort is now complete is ready. */
    accept: (actor: Actor, id: string, unitId: string): Promise<Movement> =>
      answerTask(actor, id, unitId, 'accepted'),

    /** The unit's commander declines the task, with a reason: the unit is free, and the movement back to assignment. */
    decline: (actor: Actor, id: string, unitId: string, reason: string): Promise<Movement> =>
      answerTask(actor, id, unitId, 'declined', reason),

    /**
     * Makes an approved movement ready when its accepted escort already gives what is required
     * (none at all at the lowest levels): for the approval step to call once it approves.
     * Returns the movement unchanged otherwise.
     */
    async settle(actor: Actor, id: string): Promise<Movement> {
      const movement = await visibleMovement(await access.viewing(actor), id);
      if (movement.state !== 'approved') return movement;
      const { action, shortfall } = readiness(await inForce(), movement, movement.units);
      if (action !== 'ready') return movement;
      return transition(actor, movement, {
        action,
        kind: 'ready',
        audit: 'movement.readied',
        details: { shortfall },
      });
    },
  };
}

export type MovementEscorts = ReturnType<typeof movementEscorts>;
