import type { Db } from '../database.js';
import { keysetPage, type PageKey } from '../platform/paging.js';
import { type OwnedFilter, type OwnedRow, selectListed } from './owned.repository.js';
import type { SiteRow } from './registry.tables.js';

/** Sites are listed by name. */
const byName: PageKey<OwnedRow<'sites'>>[] = [
  { column: 'sites.name', kind: 'string', of: (s) => s.name },
  { column: 'sites.id', kind: 'string', of: (s) => s.id },
];

/** One page, ordered by name; the owner filter is part of the query. */
export async function listSites(db: Db, filter: OwnedFilter & { kind?: SiteRow['kind'] | undefined }) {
  let query = selectListed(db, 'sites', filter);
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
