import type { Db, Tx } from '../database.js';
import type { SiteRow } from './registry.tables.js';

export interface NamedFilter {
  ownerIds: string[];
  includeInactive?: boolean | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export async function insertSite(tx: Tx, row: SiteRow): Promise<void> {
  await tx.insertInto('sites').values(row).execute();
}

export async function updateSite(tx: Tx, id: string, changes: Partial<SiteRow>): Promise<void> {
  await tx.updateTable('sites').set(changes).where('id', '=', id).execute();
}

export async function findSite(db: Db, id: string) {
  return db
    .selectFrom('sites')
    .innerJoin('parties', 'parties.id', 'sites.party_id')
    .selectAll('sites')
    .select('parties.kind as party_kind')
    .where('sites.id', '=', id)
    .executeTakeFirst();
}

export async function listSites(db: Db, filter: NamedFilter & { kind?: SiteRow['kind'] | undefined }) {
  if (filter.ownerIds.length === 0) return [];
  let query = db
    .selectFrom('sites')
    .innerJoin('parties', 'parties.id', 'sites.party_id')
    .selectAll('sites')
    .select('parties.kind as party_kind')
    .where('sites.party_id', 'in', filter.ownerIds);
  if (!filter.includeInactive) query = query.where('sites.active', '=', 1);
  if (filter.kind) query = query.where('sites.kind', '=', filter.kind);
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where((eb) =>
      eb.or([eb('sites.name', '>', name), eb.and([eb('sites.name', '=', name), eb('sites.id', '>', id)])]),
    );
  }
  return query.orderBy('sites.name').orderBy('sites.id').limit(filter.limit).execute();
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
