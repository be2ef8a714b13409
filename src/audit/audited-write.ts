import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { Database, Db, Tx } from '../database.js';
import type { Events, JsmsEvents } from '../events.js';
import type { Clock } from '../platform/clock.js';
import { inTransaction, onCommit } from '../platform/db/transaction.js';
import type { EventLog, NewEvent } from '../platform/event-log.js';
import { type AuditAction, entityTypeOf } from './audit-actions.js';
import { type AuditDetails, hashEntry } from './audit.js';
import * as repo from './audit.repository.js';

/** What changed: names only, never values, so the log carries no personal data. */
export interface Change {
  action: AuditAction;
  entityId: string | null;
  /** The names of the changed fields, as stored; never a reason (that goes in `details`). */
  fields?: readonly string[];
  /** The party the change belongs to, when it is not the actor's own. */
  partyId?: string | null;
  /** Short named values the entry states, hashed with it: a refusal's reason, a clearance's reference. */
  details?: AuditDetails;
}

/**
 * The entry of an attempt refused on a record (a sign-in, a password change): the record and its
 * party, or none when no record was found, and why. It changed nothing, so it names no fields.
 */
export function refusalOn(
  record: { id: string; partyId: string | null } | null,
  action: AuditAction,
  reason: string,
): Change {
  return { action, entityId: record?.id ?? null, partyId: record?.partyId ?? null, details: { reason } };
}

/** What a write's work is handed: its transaction, its one time, and its audit and events. */
export interface WriteScope {
  tx: Tx;
  /** Read once per write: the rows it stores and their audit entries carry the same time. */
  now: Date;
  /** Appends the entry describing a change, in the write's transaction. */
  audit(change: Change): Promise<void>;
  /**
   * Publishes an event: appended to the durable event log in this transaction (every instance's
   * follower gets it), and on this instance's bus once the write has committed; never if it rolls back.
   */
  publish<K extends keyof JsmsEvents>(name: K, payload: JsmsEvents[K]): void;
  /**
   * Appends events to the durable event log only, in this transaction, without this instance's
   * bus: for a bulk writer (hundreds of fixes a batch) whose readers follow the log on every
   * instance. One append per transaction however often it is called.
   */
  append(events: readonly NewEvent<JsmsEvents>[]): void;
}

export interface AuditedWrites {
  /**
   * Runs `work` in a transaction (joining one already open) with the actor's audit entries. `at`
   * is the write's time when something outside the transaction fixed it first (a signed timestamp).
   */
  write<T>(actor: Actor | null, work: (scope: WriteScope) => Promise<T>, options?: { at?: Date }): Promise<T>;
  /** Records an attempt that changed nothing, such as a refused sign-in, in its own transaction. */
  refused(actor: Actor | null, change: Change): Promise<void>;
}

/** The one way a service changes stored state. */
export function auditedWrites(deps: {
  db: Db;
  clock: Clock;
  events: Events;
  log: EventLog<JsmsEvents, Database>;
}): AuditedWrites {
  const { db, clock, events, log } = deps;
  function write<T>(
    actor: Actor | null,
    work: (scope: WriteScope) => Promise<T>,
    options: { at?: Date } = {},
  ): Promise<T> {
    return inTransaction(db, (tx) => {
      const now = options.at ?? clock.now();
      return work({
        tx,
        now,
        audit: async (change) => {
          await recordAudit(tx, actor, change, now);
        },
        publish: (name, payload) => {
          log.appendAtCommit(tx, [{ name, payload } as NewEvent<JsmsEvents>], now);
          onCommit(() => events.publish(name, payload));
        },
        append: (list) => log.appendAtCommit(tx, list, now),
      });
    });
  }
  return {
    write,
    refused: (actor, change) => write(actor, ({ audit }) => audit(change)),
  };
}

/**
 * Appends one entry inside the write's transaction: the entry commits or rolls back with the
 * change it describes. `actor` is null for an anonymous request (a failed sign-in).
 */
async function recordAudit(tx: Tx, actor: Actor | null, change: Change, now: Date): Promise<void> {
  const { seq, prevHash } = await repo.claimNextSeq(tx);
  const unhashed = {
    seq,
    at: now.toISOString(),
    actorType: actor?.type ?? ('anonymous' as const),
    actorId: actor?.id ?? null,
    partyId: change.partyId !== undefined ? change.partyId : (actor?.partyId ?? null),
    action: change.action,
    entityType: entityTypeOf(change.action),
    entityId: change.entityId,
    fields: [...(change.fields ?? [])].sort(),
    ...(change.details ? { details: { ...change.details } } : {}),
    prevHash,
    // Secret, shown only with the entry itself: the hash then reveals nothing to those who may
    // not see the entry (issue 7, finding 6).
    salt: randomBytes(16).toString('hex'),
  };
  await repo.insertEntry(tx, { ...unhashed, hash: hashEntry(unhashed) });
}
