import type { Db, Tx } from '../database.js';
import { keysetPage, type Page, type PageKey, type PageRequest } from '../platform/paging.js';
import type { IncidentAccountRow, IncidentRow } from './incident.tables.js';

export interface IncidentFilter extends PageRequest {
  from?: string | undefined;
  to?: string | undefined;
  province?: string | undefined;
  type?: string | undefined;
  perpetrator?: string | undefined;
  target?: string | undefined;
  status?: IncidentRow['status'] | undefined;
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
  let query = db.selectFrom('incidents').selectAll();
  if (filter.from) query = query.where('date', '>=', filter.from);
  if (filter.to) query = query.where('date', '<=', filter.to);
  if (filter.province) query = query.where('province', '=', filter.province);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.perpetrator) query = query.where('perpetrator', '=', filter.perpetrator);
  if (filter.target) query = query.where('target', '=', filter.target);
  if (filter.status) query = query.where('status', '=', filter.status);
  return keysetPage(query, byDate, 'desc', filter);
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
