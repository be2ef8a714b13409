import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { SharedEntity } from '../agreement/agreement.schema.js';
import type { AuditAction } from '../audit/audit-actions.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Database, Tx } from '../database.js';
import { findOwned, insertOwned, type OwnedRow, type OwnedTable, updateOwned } from './owned.repository.js';

/** A registry record as its service holds it: what a change needs of it. */
interface OwnedRecord {
  id: string;
  partyId: string;
  active: boolean;
}

/**
 * How a registry service creates and changes one of its records: in one audited write, the row's
 * columns with its times, the audit entry naming the columns given or changed, and the record read
 * back.
 */
export function ownedChanges<T extends OwnedTable, E extends SharedEntity, R extends OwnedRecord>(deps: {
  writes: AuditedWrites;
  table: T;
  entity: E;
  toRecord: (row: OwnedRow<T>) => R;
}) {
  const { writes, table, toRecord } = deps;

  /** `columns` may ask the write's transaction first (a check, a decision that must hold with it). */
  async function change(
    actor: Actor,
    record: R,
    action: AuditAction & `${E}.${string}`,
    fields: readonly string[],
    columns: (tx: Tx) => Promise<Partial<Database[T]>> | Partial<Database[T]>,
  ): Promise<R> {
    return writes.write(actor, async ({ tx, now, audit }) => {
      const changes = await columns(tx);
      await updateOwned(tx, table, record.id, { ...changes, updated_at: now.toISOString() });
      await audit({ action, entityId: record.id, partyId: record.partyId, fields });
      return toRecord((await findOwned(tx, table, record.id))!);
    });
  }

  return {
    /**
     * Registers a record of `partyId`: its own columns (which may ask the write's transaction
     * first) with the id, owner, flags and times every owned row has; `fields` are the columns given.
     */
    async create(
      actor: Actor,
      owner: { partyId: string; isDemo?: boolean | undefined },
      fields: readonly string[],
      columns: (tx: Tx) => Promise<Partial<Database[T]>> | Partial<Database[T]>,
    ): Promise<R> {
      const { partyId } = owner;
      return writes.write(actor, async ({ tx, now, audit }) => {
        const at = now.toISOString();
        const row = {
          id: randomUUID(),
          party_id: partyId,
          active: 1,
          is_demo: owner.isDemo ? 1 : 0,
          created_at: at,
          updated_at: at,
          ...(await columns(tx)),
        } as Database[T];
        await insertOwned(tx, table, row);
        const action = `${deps.entity}.created` as AuditAction & `${E}.${string}`;
        await audit({ action, entityId: row.id, partyId, fields });
        return toRecord((await findOwned(tx, table, row.id))!);
      });
    },
    change,
    /** Deactivates the record, once; it stays for the history. */
    async deactivate(actor: Actor, record: R): Promise<R> {
      if (!record.active) return record;
      const action = `${deps.entity}.deactivated` as AuditAction & `${E}.${string}`;
      return change(actor, record, action, ['active'], () => ({ active: 0 }) as Partial<Database[T]>);
    },
  };
}
