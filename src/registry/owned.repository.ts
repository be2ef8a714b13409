import { type SelectQueryBuilder, sql, type SqlBool } from 'kysely';
import type { Database, Db, Tx } from '../database.js';
import { raiseDataVersion } from '../platform/db/data-version.js';
import type { PageRequest } from '../platform/paging.js';
import type { PartyKind } from '../access/actor.js';

/** The registry's tables of records a party owns. */
export type OwnedTable = 'persons' | 'sites' | 'units';

/** A row of an owned table with its owner's kind. */
export type OwnedRow<T extends OwnedTable> = Database[T] & { party_kind: PartyKind };

type OwnedQuery<T extends OwnedTable> = SelectQueryBuilder<Database, T | 'parties', OwnedRow<T>>;

/**
 * A table's rows with their owner's kind (`party_kind`: host or partner), which the agreement's
 * sharing rules ask of every record: one join for finds and lists alike.
 */
export function selectOwned<T extends OwnedTable>(db: Db, table: T): OwnedQuery<T> {
  // One table at a time, though Kysely cannot follow a table name held in a type parameter.
  const owned = table as OwnedTable;
  return db
    .selectFrom(owned)
    .innerJoin('parties', 'parties.id', `${owned}.party_id`)
    .selectAll(owned)
    .select('parties.kind as party_kind') as unknown as OwnedQuery<T>;
}

/**
 * The rows of the parties in `ownerIds` (those the viewer's list may hold), with their owner's
 * kind. No owners is no rows (`in ()` is not SQL).
 */
export function selectOwnedBy<T extends OwnedTable>(
  db: Db,
  table: T,
  ownerIds: readonly string[],
): OwnedQuery<T> {
  const owned = table as OwnedTable;
  const query = selectOwned(db, owned);
  return (ownerIds.length === 0
    ? query.where(sql<SqlBool>`1 = 0`)
    : query.where(`${owned}.party_id`, 'in', [...ownerIds])) as unknown as OwnedQuery<T>;
}

/** One record with its owner's kind, by id. */
export async function findOwned<T extends OwnedTable>(db: Db, table: T, id: string) {
  const owned = table as OwnedTable;
  return (await selectOwned(db, owned).where(`${owned}.id`, '=', id).executeTakeFirst()) as
    OwnedRow<T> | undefined;
}

// Every write to an owned table is one of these two, and raises the table's data version with it:
// answers kept from its rows are kept under that version (see platform/db/data-version.ts).

export async function insertOwned<T extends OwnedTable>(tx: Tx, table: T, row: Database[T]): Promise<void> {
  await raiseDataVersion<Database>(tx, table);
  await tx
    .insertInto(table as OwnedTable)
    .values(row as never)
    .execute();
}

export async function updateOwned<T extends OwnedTable>(
  tx: Tx,
  table: T,
  id: string,
  changes: Partial<Database[T]>,
): Promise<void> {
  await raiseDataVersion<Database>(tx, table);
  await tx
    .updateTable(table as OwnedTable)
    .set(changes as never)
    .where('id', '=', id)
    .execute();
}

/** What a list of owned records filters on besides its own fields. */
export interface OwnedFilter extends PageRequest {
  ownerIds: string[];
  includeInactive?: boolean | undefined;
}

/** The rows a list may hold: the owners' in `filter`, and only the active ones unless asked. */
export function selectListed<T extends OwnedTable>(db: Db, table: T, filter: OwnedFilter): OwnedQuery<T> {
  const owned = table as OwnedTable;
  const query = selectOwnedBy(db, owned, filter.ownerIds);
  return (filter.includeInactive
    ? query
    : query.where(`${owned}.active`, '=', 1)) as unknown as OwnedQuery<T>;
}
