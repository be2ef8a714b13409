import type { Kysely } from 'kysely';
import type { TxOf } from './transaction.js';
import { compileOnce } from './compile-once.js';
import type { DataVersionTables, VersionedTable } from './data-version.tables.js';

/**
 * A counter per table, raised in the transaction of every write to it (the repositories that
 * write the table call `raiseDataVersion`): what was made from the table's rows under one set of
 * counters is still true while they read the same. Rolled back with the write, and shared by every
 * instance on the database.
 */
export async function raiseDataVersion<DB extends DataVersionTables>(
  tx: TxOf<DB>,
  table: VersionedTable,
): Promise<void> {
  // Kysely cannot narrow a handle of DB to the one table it knows; its rows are the same.
  await (tx as unknown as TxOf<DataVersionTables>)
    .updateTable('data_versions')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', table)
    .execute();
}

const selectVersions = compileOnce((db: Kysely<DataVersionTables>) =>
  db.selectFrom('data_versions').select(['name', 'value']),
);

/**
 * The counters of `tables` now, as one stamp: one read of a four-row table. Read it before the
 * rows it vouches for, so that what is made from them is at least as new as the stamp.
 */
export async function readDataVersions<DB extends DataVersionTables>(
  db: Kysely<DB>,
  tables: readonly VersionedTable[],
): Promise<string> {
  const rows = await selectVersions(db as unknown as Kysely<DataVersionTables>);
  const values = new Map(rows.map((row) => [row.name, String(row.value)]));
  return tables.map((table) => `${table}:${values.get(table) ?? 'none'}`).join(' ');
}
