import { sql } from 'kysely';
import type { Db } from '../database.js';
import { keysetPage, type PageKey } from '../platform/paging.js';
import { type OwnedFilter, type OwnedRow, selectListed } from './owned.repository.js';
import type { PersonRow } from './registry.tables.js';

export interface PersonFilter extends OwnedFilter {
  siteId?: string | undefined;
  nationality?: string | undefined;
  status?: PersonRow['status'] | undefined;
  employer?: string | undefined;
  /** Part of the name or native-script name, any case. */
  q?: string | undefined;
  passportIndex?: string | undefined;
}

/**
 * The columns a listed person is presented from: not the blind index nor the bookkeeping, which a
 * list never shows (each column of each row read costs more than SQLite's search for the page).
 */
const listedColumns = [
  'persons.id',
  'persons.party_id',
  'persons.name',
  'persons.native_name',
  'persons.nationality',
  'persons.passport_enc',
  'persons.employer',
  'persons.phone_enc',
  'persons.emergency_contact_enc',
  'persons.blood_group',
  'persons.site_id',
  'persons.status',
] as const;

/** A row of a list of persons: the listed columns with the owner's kind. */
type Unqualified<C> = C extends `persons.${infer Column}` ? Column : never;
export type ListedPersonRow = Pick<
  OwnedRow<'persons'>,
  'party_kind' | Unqualified<(typeof listedColumns)[number]>
>;

/** Persons are listed by name. */
const byName: PageKey<ListedPersonRow>[] = [
  { column: 'persons.name', kind: 'string', of: (p) => p.name },
  { column: 'persons.id', kind: 'string', of: (p) => p.id },
];

/** One page, ordered by name; the owner filter is part of the query. */
export async function listPersons(db: Db, filter: PersonFilter) {
  let query = selectListed(db, 'persons', filter)
    .clearSelect()
    .select([...listedColumns, 'parties.kind as party_kind']);
  if (filter.siteId) query = query.where('persons.site_id', '=', filter.siteId);
  if (filter.nationality) query = query.where('persons.nationality', '=', filter.nationality);
  if (filter.status) query = query.where('persons.status', '=', filter.status);
  if (filter.employer) query = query.where('persons.employer', '=', filter.employer);
  if (filter.passportIndex) query = query.where('persons.passport_index', '=', filter.passportIndex);
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(persons.name)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql`lower(coalesce(persons.native_name, ''))`, 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  return keysetPage(query, byName, 'asc', filter);
}

/** The blind indexes of the passport numbers a party has registered. */
export async function listPassportIndexes(db: Db, partyId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('persons')
    .select('passport_index')
    .where('party_id', '=', partyId)
    .where('passport_index', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.passport_index!));
}
