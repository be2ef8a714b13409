import type { Db, Tx } from '../database.js';
import { keysetPage, type PageKey } from '../platform/paging.js';
import { type OwnedRow, selectOwned, selectOwnedBy } from './owned.repository.js';
import type { UnitRow } from './registry.tables.js';
import type { OwnedFilter } from './site.repository.js';

/** Units are listed by call sign. */
const byCallSign: PageKey<OwnedRow<'units'>>[] = [
  { column: 'units.call_sign', kind: 'string', of: (u) => u.call_sign },
  { column: 'units.id', kind: 'string', of: (u) => u.id },
];

export async function insertUnit(tx: Tx, row: UnitRow): Promise<void> {
  await tx.insertInto('units').values(row).execute();
}

export async function updateUnit(tx: Tx, id: string, changes: Partial<UnitRow>): Promise<void> {
  await tx.updateTable('units').set(changes).where('id', '=', id).execute();
}

export async function findUnit(db: Db, id: string) {
  return selectOwned(db, 'units').where('units.id', '=', id).executeTakeFirst();
}

/** One page, ordered by call sign; the owner filter is part of the query. */
export async function listUnits(
  db: Db,
  filter: OwnedFilter & { kind?: UnitRow['kind'] | undefined; status?: UnitRow['status'] | undefined },
) {
  let query = selectOwnedBy(db, 'units', filter.ownerIds);
  if (!filter.includeInactive) query = query.where('units.active', '=', 1);
  if (filter.kind) query = query.where('units.kind', '=', filter.kind);
  if (filter.status) query = query.where('units.status', '=', filter.status);
  return keysetPage(query, byCallSign, 'asc', filter);
}

/** Whether the party is the host or a partner: the agreement allows unit kinds by it. */
export async function partyKindOf(db: Db, partyId: string): Promise<'host' | 'partner'> {
  const party = await db
    .selectFrom('parties')
    .select('kind')
    .where('id', '=', partyId)
    .executeTakeFirstOrThrow();
  return party.kind;
}
