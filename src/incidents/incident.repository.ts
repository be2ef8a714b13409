import { type SelectQueryBuilder, sql } from 'kysely';
import type { Database, Db, Tx } from '../database.js';
import { compileOnce } from '../platform/db/compile-once.js';
import { keysetPage, type Page, type PageKey, type PageRequest } from '../platform/paging.js';
import { normaliseProvince } from './incident.js';
import type { IncidentAccountRow, IncidentRow } from './incident.tables.js';

/** What selects incidents, for the list, the exports and the reports alike. */
export interface IncidentCriteria {
  from?: string | undefined;
  to?: string | undefined;
  province?: string | undefined;
  district?: string | undefined;
  type?: string | undefined;
  perpetrator?: string | undefined;
  target?: string | undefined;
  /** Checked against the statuses where the request came in. */
  status?: string | undefined;
}

export interface IncidentFilter extends IncidentCriteria, PageRequest {}

/**
 * The incidents `criteria` select, as one query: the one way every list, export and report
 * filters.
 */
export function whereMatches<O>(
  query: SelectQueryBuilder<Database, 'incidents', O>,
  criteria: IncidentCriteria,
): SelectQueryBuilder<Database, 'incidents', O> {
  let q = query;
  if (criteria.from) q = q.where('date', '>=', criteria.from);
  if (criteria.to) q = q.where('date', '<=', criteria.to);
  return whereFiltersMatch(q, criteria);
}

/**
 * The criteria besides the period, on any table with the incidents' columns for them (the
 * incidents, the report's rollups). A province is matched by its normalised name, as it is stored
 * (KPK finds Khyber Pakhtunkhwa).
 */
export function whereFiltersMatch<T extends 'incidents' | 'incident_rollups', O>(
  query: SelectQueryBuilder<Database, T, O>,
  criteria: Omit<IncidentCriteria, 'from' | 'to'>,
): SelectQueryBuilder<Database, T, O> {
  const is = (column: string, value: string | null) => sql<boolean>`${sql.ref(column)} = ${value}`;
  let q = query;
  if (criteria.province) q = q.where(is('province', normaliseProvince(criteria.province)));
  if (criteria.district) q = q.where(is('district', criteria.district));
  if (criteria.type) q = q.where(is('type', criteria.type));
  // A group is matched on either side: the incidents a group fought in, whichever side it was on.
  if (criteria.perpetrator) {
    const group = criteria.perpetrator;
    q = q.where(sql<boolean>`(${is('perpetrator', group)} or ${is('opponent', group)})`);
  }
  if (criteria.target) q = q.where(is('target', criteria.target));
  if (criteria.status) q = q.where(is('status', criteria.status));
  return q;
}

/** Incidents are listed newest first. */
const byDate: PageKey<IncidentRow>[] = [
  { column: 'date', kind: 'string', of: (i) => i.date },
  { column: 'id', kind: 'string', of: (i) => i.id },
];

export async function insertIncident(tx: Tx, row: IncidentRow): Promise<void> {
  await tx.insertInto('incidents').values(row).execute();
}

/**
 * Rows per INSERT statement: 43 columns × 500 stays under SQLite's 32,766 bound variables and
 * PostgreSQL's 65,535, and one large statement costs far less per row than one per row.
 */
export const rowsPerInsert = 500;

/**
 * Inserts rows into a table, `rowsPerInsert` to a statement. A full statement is built and
 * compiled once per transaction and set of columns (Kysely would build every statement anew, a
 * fifth of an import's time on the loop); a shorter last part goes through the query builder.
 * Every row must have the columns of the first, as rows of one row type do.
 */
function batchInsert<T extends 'incidents' | 'incident_accounts'>(table: T) {
  const compiled = new Map<string, (db: Db, ...values: unknown[]) => Promise<unknown[]>>();
  const statementFor = (columns: readonly string[]) => {
    const key = columns.join(',');
    let insert = compiled.get(key);
    if (!insert) {
      insert = compileOnce((db: Db, ...values: unknown[]) => {
        const rows = Array.from({ length: rowsPerInsert }, (_, r) =>
          Object.fromEntries(columns.map((c, i) => [c, values[r * columns.length + i]])),
        );
        return db.insertInto(table).values(rows as never);
      });
      compiled.set(key, insert);
    }
    return insert;
  };
  return async (tx: Tx, rows: readonly object[]): Promise<void> => {
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      const part = rows.slice(start, start + rowsPerInsert);
      if (part.length < rowsPerInsert) {
        await tx
          .insertInto(table)
          .values(part as never)
          .execute();
        continue;
      }
      const columns = Object.keys(part[0]!);
      const values: unknown[] = [];
      for (const row of part) for (const c of columns) values.push((row as Record<string, unknown>)[c]);
      await statementFor(columns)(tx, ...values);
    }
  };
}

/** Inserts many incidents, a few hundred per statement. */
export const insertIncidents: (tx: Tx, rows: readonly IncidentRow[]) => Promise<void> =
  batchInsert('incidents');

export async function updateIncident(tx: Tx, id: string, changes: Partial<IncidentRow>): Promise<void> {
  await tx.updateTable('incidents').set(changes).where('id', '=', id).execute();
}

export async function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stored source keys, and the first stored incident (by id) with each duplicate key. */
export interface ExistingKeys {
  sourceKeys: Set<string>;
  dedupeKeys: Map<string, string>;
}

/** Incidents already stored under these source keys (for imports to skip) or duplicate keys (to list). */
export async function findExistingKeys(
  db: Db,
  sourceKeys: string[],
  dedupeKeys: string[],
): Promise<ExistingKeys> {
  const bySource = sourceKeys.length
    ? await db.selectFrom('incidents').select('source_key').where('source_key', 'in', sourceKeys).execute()
    : [];
  const byDedupe = dedupeKeys.length
    ? await db
        .selectFrom('incidents')
        .select(['dedupe_key', 'id'])
        .where('dedupe_key', 'in', dedupeKeys)
        .orderBy('id')
        .execute()
    : [];
  // The first stored incident with each (date, place, toll), for a possible duplicate to name.
  const byKey = new Map<string, string>();
  for (const r of byDedupe) if (!byKey.has(r.dedupe_key)) byKey.set(r.dedupe_key, r.id);
  return { sourceKeys: new Set(bySource.map((r) => r.source_key!)), dedupeKeys: byKey };
}

/**
 * Every stored incident's keys, read once, when there are at most `atMost` incidents (else null):
 * an import at least as large as the table looks its rows up in memory instead of a query per
 * batch, and reads no more rows than it brings.
 */
export async function allKeysUpTo(db: Db, atMost: number): Promise<ExistingKeys | null> {
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'source_key', 'dedupe_key'])
    .orderBy('id')
    .limit(atMost + 1)
    .execute();
  if (rows.length > atMost) return null;
  const keys: ExistingKeys = { sourceKeys: new Set(), dedupeKeys: new Map() };
  for (const r of rows) {
    if (r.source_key !== null) keys.sourceKeys.add(r.source_key);
    if (!keys.dedupeKeys.has(r.dedupe_key)) keys.dedupeKeys.set(r.dedupe_key, r.id);
  }
  return keys;
}

/**
 * On SQLite, runs `work` (which inserts many incidents) with the incidents' secondary indexes
 * dropped, then builds them again from the table, all in the caller's transaction: building an
 * index by sorting its rows once costs a fraction of inserting each row into every index at a
 * random place, which was most of a large import's time. For a load at least as large as the
 * table only, since each index is rebuilt whole, and from the command line only, since each
 * build holds the event loop for the whole table; queries that need the indexes must not run in
 * `work`. Unique constraints stay (they cannot be dropped). A rollback restores the indexes.
 * Meanwhile the page cache is large enough to hold a load of a few hundred thousand incidents.
 */
export async function withIndexesRebuilt<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const indexes = (
    await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'index' and tbl_name = 'incidents' and sql is not null order by name`.execute(tx)
  ).rows;
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(tx);
  const cache = (await sql<{ cache_size: number }>`pragma cache_size`.execute(tx)).rows[0]!.cache_size;
  await sql.raw(`pragma cache_size = -${bulkCacheKiB}`).execute(tx);
  try {
    const result = await work();
    for (const index of indexes) await sql.raw(index.sql).execute(tx);
    return result;
  } finally {
    // The commit still writes every page to the WAL and syncs it: durability is unchanged.
    await sql.raw(`pragma cache_size = ${cache}`).execute(tx);
  }
}

/**
 * SQLite's page cache during a bulk load, in KiB (it grows only as pages are touched). With the
 * default 2 MiB, a transaction larger than the cache spills dirty pages to the WAL mid-way and
 * writes many of them again later: on 100,000 incidents the commit took 3.6 s instead of 1.1 s,
 * and the inserts and index builds 7.2 s instead of 3.7 s. An incident takes about 1.5 KB with
 * its account, indexes and rollups, so some 350,000 fit; a larger load spills past that.
 */
const bulkCacheKiB = 512 * 1024;

/** The current accounts of the incidents with these duplicate keys, parsed, by key. */
export async function currentBodiesByKey(db: Db, dedupeKeys: string[]): Promise<Map<string, unknown[]>> {
  const rows = await db
    .selectFrom('incidents')
    .innerJoin('incident_accounts', 'incident_accounts.incident_id', 'incidents.id')
    .select(['incidents.dedupe_key', 'incident_accounts.body'])
    .where('incidents.dedupe_key', 'in', dedupeKeys)
    .where('incident_accounts.superseded_at', 'is', null)
    .execute();
  const byKey = new Map<string, unknown[]>();
  for (const r of rows) {
    const bodies = byKey.get(r.dedupe_key) ?? [];
    bodies.push(JSON.parse(r.body) as unknown);
    byKey.set(r.dedupe_key, bodies);
  }
  return byKey;
}

/** One page, newest first. */
export async function listIncidents(db: Db, filter: IncidentFilter): Promise<Page<IncidentRow>> {
  return keysetPage(whereMatches(db.selectFrom('incidents').selectAll(), filter), byDate, 'desc', filter);
}

export async function currentAccounts(db: Db, incidentId: string): Promise<IncidentAccountRow[]> {
  return db
    .selectFrom('incident_accounts')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('superseded_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

/** The publishers the current accounts of these incidents cite, by incident: an export's source column. */
export async function sourcesOf(db: Db, incidentIds: readonly string[]): Promise<Map<string, string[]>> {
  const sources = new Map<string, string[]>();
  if (incidentIds.length === 0) return sources;
  const rows = await db
    .selectFrom('incident_accounts')
    .select(['incident_id', 'body'])
    .where('incident_id', 'in', [...incidentIds])
    .where('superseded_at', 'is', null)
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const cited = (JSON.parse(row.body) as { sources?: { publisher?: unknown }[] }).sources ?? [];
    const known = sources.get(row.incident_id) ?? [];
    for (const { publisher } of cited)
      if (typeof publisher === 'string' && !known.includes(publisher)) known.push(publisher);
    sources.set(row.incident_id, known);
  }
  return sources;
}

export async function latestRevision(
  db: Db,
  incidentId: string,
  partyId: string,
): Promise<IncidentAccountRow | undefined> {
  return db
    .selectFrom('incident_accounts')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('party_id', '=', partyId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertAccount(tx: Tx, row: IncidentAccountRow): Promise<void> {
  await tx.insertInto('incident_accounts').values(row).execute();
}

/** Inserts many accounts, a few hundred per statement. */
export const insertAccounts: (tx: Tx, rows: readonly IncidentAccountRow[]) => Promise<void> =
  batchInsert('incident_accounts');

/** Every incident's id, a page at a time in id order: for verify to find each one's audit entry. */
export async function* streamIncidentIds(db: Db, pageSize = 10_000): AsyncGenerator<string[]> {
  let after: string | null = null;
  for (;;) {
    let query = db.selectFrom('incidents').select('id').orderBy('id').limit(pageSize);
    if (after !== null) query = query.where('id', '>', after);
    const page = (await query.execute()).map((r) => r.id);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!;
  }
}

export async function supersedeAccount(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('incident_accounts').set({ superseded_at: at }).where('id', '=', id).execute();
}
