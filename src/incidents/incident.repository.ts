import { type SelectQueryBuilder, sql } from 'kysely';
import type { Database, Db, Tx } from '../database.js';
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

export async function updateIncident(tx: Tx, id: string, changes: Partial<IncidentRow>): Promise<void> {
  await tx.updateTable('incidents').set(changes).where('id', '=', id).execute();
}

export async function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Incidents already stored under these source keys (for imports to skip) or duplicate keys (to list). */
export async function findExistingKeys(db: Db, sourceKeys: string[], dedupeKeys: string[]) {
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

export async function supersedeAccount(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('incident_accounts').set({ superseded_at: at }).where('id', '=', id).execute();
}
