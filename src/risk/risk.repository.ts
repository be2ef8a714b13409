import type { Db, Tx } from '../database.js';
import type { RiskZoneRow } from './risk.tables.js';

/** The incident columns the risk grid scores. */
const scoredColumns = [
  'id',
  'lat',
  'lon',
  'date',
  'killed_best',
  'wounded_best',
  'kidnapped',
  'target',
  'geo_precision',
] as const;

export interface ScoredRow {
  id: string;
  lat: number | null;
  lon: number | null;
  date: string;
  killed_best: number | null;
  wounded_best: number | null;
  kidnapped: number | null;
  target: string | null;
  geo_precision: string | null;
}

/** Incidents on or after `cutoff` (a date) that have a place: what the grid is built from. */
export function listPlacedIncidentsSince(db: Db, cutoff: string): Promise<ScoredRow[]> {
  return db
    .selectFrom('incidents')
    .select(scoredColumns)
    .where('date', '>=', cutoff)
    .where('lat', 'is not', null)
    .execute();
}

export function findScoredIncidents(db: Db, ids: readonly string[]): Promise<ScoredRow[]> {
  return db
    .selectFrom('incidents')
    .select(scoredColumns)
    .where('id', 'in', [...ids])
    .execute();
}

/**
 * Incidents in `cells` (H3 cells of the risk resolution, as `h3_cell` stores them) dated from
 * `from` to `to` (dates, inclusive): those behind one cell's score.
 */
export function listScoredInCells(
  db: Db,
  cells: readonly string[],
  from: string,
  to: string,
): Promise<ScoredRow[]> {
  return db
    .selectFrom('incidents')
    .select(scoredColumns)
    .where('h3_cell', 'in', [...cells])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
}

/** Every zone, withdrawn ones included: which were in force at a past time. */
export function listAllZones(db: Db): Promise<RiskZoneRow[]> {
  return db.selectFrom('risk_zones').selectAll().execute();
}

export function listLiveZones(db: Db): Promise<RiskZoneRow[]> {
  return db.selectFrom('risk_zones').selectAll().where('status', '!=', 'withdrawn').execute();
}

export function findZone(db: Db, id: string): Promise<RiskZoneRow | undefined> {
  return db.selectFrom('risk_zones').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertZone(tx: Tx, row: RiskZoneRow): Promise<void> {
  await tx.insertInto('risk_zones').values(row).execute();
}

/** Activates a pending zone; false when it is no longer pending (another sign-off got there first). */
export async function approvePendingZone(
  tx: Tx,
  id: string,
  approval: { approvedBy: string; approvedPartyId: string | null; at: string },
): Promise<boolean> {
  const updated = await tx
    .updateTable('risk_zones')
    .set({
      status: 'active',
      approved_by: approval.approvedBy,
      approved_party_id: approval.approvedPartyId,
      approved_at: approval.at,
      updated_at: approval.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function withdrawZone(tx: Tx, id: string, at: string): Promise<void> {
  await tx
    .updateTable('risk_zones')
    .set({ status: 'withdrawn', updated_at: at })
    .where('id', '=', id)
    .execute();
}
