import type { Db, Tx } from '../database.js';
import { keysetPage, type PageKey, type PageRequest } from '../platform/paging.js';
import { type OwnedRow, selectOwned, selectOwnedBy } from './owned.repository.js';
import type { SiteRow } from './registry.tables.js';

/** What a list of owned records filters on besides its own fields. */
export interface OwnedFilter extends PageRequest {
  ownerIds: string[];
  includeInactive?: boolean | undefined;
}

/** Sites are listed by name. */
const byName: PageKey<OwnedRow<'sites'>>[] = [
  { column: 'sites.name', kind: 'string', of: (s) => s.name },
  { column: 'sites.id', kind: 'string', of: (s) => s.id },
];

export async function insertSite(tx: Tx, row: SiteRow): Promise<void> {
  await tx.insertInto('sites').values(row).execute();
}

export async function updateSite(tx: Tx, id: string, changes: Partial<SiteRow>): Promise<void> {
  await tx.updateTable('sites').set(changes).where('id', '=', id).execute();
}

export async function findSite(db: Db, id: string) {
  return selectOwned(db, 'sites').where('sites.id', '=', id).executeTakeFirst();
}

/** One page, ordered by name; the owner filter is part of the query. */
export async function listSites(db: Db, filter: OwnedFilter & { kind?: SiteRow['kind'] | undefined }) {
  let query = selectOwnedBy(db, 'sites', filter.ownerIds);
  if (!filter.includeInactive) query = query.where('sites.active', '=', 1);
  if (filter.kind) query = query.where('sites.kind', '=', filter.kind);
  return keysetPage(query, byName, 'asc', filter);
}

/** The active sites of a party, by id and name: what an import matches site names against. */
export async function listActiveSiteNames(db: Db, partyId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('party_id', '=', partyId)
    .where('active', '=', 1)
    .execute();
}
