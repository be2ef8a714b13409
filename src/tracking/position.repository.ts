import type { Db, Tx } from '../database.js';
import type { PositionRow } from './tracking.tables.js';

// Columns per row are 17; SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535.
const rowsPerInsert = 1_000;

/**
 * Stores the fixes not stored before and returns the keys of those it stored: a fix already there
 * (same device, same fix time) is a resend and changes nothing.
 */
export async function insertPositions(
  tx: Tx,
  rows: readonly PositionRow[],
): Promise<{ device_id: string; fix_at: string }[]> {
  const stored: { device_id: string; fix_at: string }[] = [];
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const chunk = rows.slice(start, start + rowsPerInsert);
    stored.push(
      ...(await tx
        .insertInto('positions')
        .values(chunk)
        .onConflict((oc) => oc.columns(['device_id', 'fix_at']).doNothing())
        .returning(['device_id', 'fix_at'])
        .execute()),
    );
  }
  return stored;
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
