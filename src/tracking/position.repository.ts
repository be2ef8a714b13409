import type { Db, Tx } from '../database.js';
import type { PositionRow } from './tracking.tables.js';

// Columns per row are 17; SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535.
const rowsPerInsert = 1_000;

/** A stored fix's key, and the arrival time of the report that stored it. */
export type StoredKey = Pick<PositionRow, 'device_id' | 'fix_at' | 'received_at'>;

/**
 * Stores the fixes not stored before and returns the keys of those it stored: a fix already there
 * (same device, same fix time) is a resend and changes nothing. Inserted without RETURNING, which
 * costs SQLite about as much again as the insert: when every row went in, they are the answer;
 * only when some were there already are the stored rows read back, by their arrival time.
 */
export async function insertPositions(tx: Tx, rows: readonly PositionRow[]): Promise<StoredKey[]> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const result = await tx
      .insertInto('positions')
      .values(rows.slice(start, start + rowsPerInsert))
      .onConflict((oc) => oc.columns(['device_id', 'fix_at']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  if (inserted === rows.length) return rows.map(keyOf);
  // Each report of a device has its own arrival time (from this instance's clock; two instances
  // would need the same millisecond for one device to both claim a row), so the one whose row is
  // there stored it.
  const wanted = new Set(rows.map((row) => `${row.device_id}|${row.fix_at}|${row.received_at}`));
  const stored: StoredKey[] = [];
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const chunk = rows.slice(start, start + rowsPerInsert);
    const found = await tx
      .selectFrom('positions')
      .select(['device_id', 'fix_at', 'received_at'])
      // SQLite takes no list of row values after IN: both columns are listed, `wanted` picks.
      .where('device_id', 'in', [...new Set(chunk.map((row) => row.device_id))])
      .where('fix_at', 'in', [...new Set(chunk.map((row) => row.fix_at))])
      .execute();
    for (const key of found) {
      if (wanted.delete(`${key.device_id}|${key.fix_at}|${key.received_at}`)) stored.push(key);
    }
  }
  return stored;
}

function keyOf(row: PositionRow): StoredKey {
  return { device_id: row.device_id, fix_at: row.fix_at, received_at: row.received_at };
}

/**
 * The latest fix of every subject, for the live picture at start. Two devices of one subject can
 * report the same instant: the caller keeps one.
 */
export async function latestPositions(db: Db): Promise<(PositionRow & { report_interval_s: number })[]> {
  return db
    .selectFrom('positions as p')
    .innerJoin('devices as d', 'd.id', 'p.device_id')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('positions')
          .select(['subject_type', 'subject_id', (e) => e.fn.max('fix_at').as('latest')])
          .groupBy(['subject_type', 'subject_id'])
          .as('m'),
      (join) =>
        join
          .onRef('m.subject_type', '=', 'p.subject_type')
          .onRef('m.subject_id', '=', 'p.subject_id')
          .onRef('m.latest', '=', 'p.fix_at'),
    )
    .selectAll('p')
    .select('d.report_interval_s')
    .execute();
}

/** A subject's fixes in a window, oldest first. */
export async function track(
  db: Db,
  subject: { type: 'person' | 'unit'; id: string },
  window: { from: string; to: string },
  limit: number,
): Promise<PositionRow[]> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('fix_at', '>=', window.from)
    .where('fix_at', '<=', window.to)
    .orderBy('fix_at')
    .limit(limit)
    .execute();
}

/** Removes the fixes taken before `cutoff`; returns how many. */
export async function purgePositionsBefore(tx: Tx, cutoff: string): Promise<number> {
  const result = await tx.deleteFrom('positions').where('fix_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
