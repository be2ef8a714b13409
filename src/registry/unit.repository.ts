import type { Db } from '../database.js';
import { keysetPage, type PageKey } from '../platform/paging.js';
import { type OwnedFilter, type OwnedRow, selectListed } from './owned.repository.js';
import type { UnitRow } from './registry.tables.js';

/** Units are listed by call sign. */
const byCallSign: PageKey<OwnedRow<'units'>>[] = [
  { column: 'units.call_sign', kind: 'string', of: (u) => u.call_sign },
  { column: 'units.id', kind: 'string', of: (u) => u.id },
];

/** One page, ordered by call sign; the owner filter is part of the query. */
export async function listUnits(
  db: Db,
  filter: OwnedFilter & { kind?: UnitRow['kind'] | undefined; status?: UnitRow['status'] | undefined },
) {
  let query = selectListed(db, 'units', filter);
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
