import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../database.js';
import { type IncidentCriteria, whereFiltersMatch, whereMatches } from './incident.repository.js';
import type { IncidentRollupRow } from './incident.tables.js';
import { citedDatasets, type Estimate, estimates } from './report.js';

/** The toll column an estimate counts, the best where that one is not given; unknown tolls count as zero. */
export function tollOf(prefix: 'killed' | 'wounded', estimate: Estimate): RawBuilder<number> {
  return estimate === 'best'
    ? sql<number>`coalesce(${sql.ref(`${prefix}_best`)}, 0)`
    : sql<number>`coalesce(${sql.ref(`${prefix}_${estimate}`)}, ${sql.ref(`${prefix}_best`)}, 0)`;
}

/**
 * The part of an incident's counted toll that no category (civilians, security, militants,
 * unknown) accounts for, never below zero; foreign nationals overlap civilians, so they are no
 * category of their own here.
 */
function unattributed(prefix: 'killed' | 'wounded', toll: RawBuilder<number>): RawBuilder<number> {
  const categories = sql<number>`(${sql.join(
    ['civilians', 'security', 'militants', 'unknown'].map(
      (c) => sql`coalesce(${sql.ref(`${prefix}_${c}`)}, 0)`,
    ),
    sql` + `,
  )})`;
  return sql<number>`case when ${toll} > ${categories} then ${toll} - ${categories} else 0 end`;
}

type RollupKey =
  | 'month'
  | 'province'
  | 'district'
  | 'type'
  | 'perpetrator'
  | 'opponent'
  | 'target'
  | 'status'
  | 'dated'
  | 'placed'
  | 'dataset';
type RollupSum = Exclude<keyof IncidentRollupRow, RollupKey>;

/**
 * An incident's place in the rollups, as SQL over `incidents`: its month and everything a report
 * groups or filters by. A name no source gives is '', since a NULL in a key never conflicts.
 */
const keyOf: Record<RollupKey, RawBuilder<string>> = {
  month: sql`substr(date, 1, 7)`,
  province: sql`coalesce(province, '')`,
  district: sql`coalesce(district, '')`,
  type: sql`type`,
  perpetrator: sql`coalesce(perpetrator, '')`,
  opponent: sql`coalesce(opponent, '')`,
  target: sql`coalesce(target, '')`,
  status: sql`status`,
  // A week falls in one month, so it counts as a day.
  dated: sql`case when date_precision in ('month', 'year') then date_precision else 'day' end`,
  placed: sql`case when geo_precision = 'country' then 'country' else 'place' end`,
  // The dataset a row came from, by its source key's prefix (`ucdp:…`), with LIKE, which both
  // databases read alike.
  dataset: sql`case ${sql.join(
    citedDatasets.map((d) => sql`when source_key like ${sql.lit(`${d}:%`)} then ${sql.lit(d)}`),
    sql` `,
  )} when source_key is null then 'recorded' else 'imported' end`,
};
const rollupKeys = Object.keys(keyOf) as RollupKey[];

const categories = ['civilians', 'security', 'militants', 'foreign', 'unknown'] as const;

/** What the incidents of one rollup add up to, as aggregates over `incidents`: each toll by every estimate. */
const sumOf = {
  incidents: sql<number>`count(*)`,
  ...Object.fromEntries(
    (['killed', 'wounded'] as const).flatMap((prefix) =>
      estimates.map((e) => [`${prefix}_${e}`, sql<number>`sum(${tollOf(prefix, e)})`]),
    ),
  ),
  kidnapped: sql<number>`sum(coalesce(kidnapped, 0))`,
  ...Object.fromEntries(
    (['killed', 'wounded'] as const).flatMap((prefix) => [
      ...categories.map((c) => [
        `${prefix}_${c}`,
        sql<number>`sum(coalesce(${sql.ref(`${prefix}_${c}`)}, 0))`,
      ]),
      ...estimates.map((e) => [
        `${prefix}_unattributed_${e}`,
        sql<number>`sum(${unattributed(prefix, tollOf(prefix, e))})`,
      ]),
    ]),
  ),
  killed_reported: sql<number>`count(killed_best)`,
  wounded_reported: sql<number>`count(wounded_best)`,
} as Record<RollupSum, RawBuilder<number>>;
const rollupSums = Object.keys(sumOf) as RollupSum[];

/** The selection of a rollup row from incidents, each sum multiplied by `sign`. */
function rollupSelection(sign: 1 | -1) {
  return [
    ...rollupKeys.map((k) => keyOf[k].as(k)),
    ...rollupSums.map((k) => (sign === 1 ? sumOf[k] : sql<number>`-${sumOf[k]}`).as(k)),
  ];
}

/** The rows, numbers as numbers (PostgreSQL returns a bigint sum as text). */
function asRollups(rows: readonly Record<string, unknown>[]): IncidentRollupRow[] {
  return rows.map((row) => {
    const out = { ...row } as Record<string, unknown>;
    for (const k of rollupSums) out[k] = Number(row[k] ?? 0);
    return out as unknown as IncidentRollupRow;
  });
}

/**
 * The rollups of the incidents `criteria` select, computed from every incident row: what the
 * stored rollups must always equal, and what a report reads for the days of a month it only
 * partly covers.
 */
export async function rollupsOfRows(db: Db, criteria: IncidentCriteria): Promise<IncidentRollupRow[]> {
  const rows = await whereMatches(db.selectFrom('incidents'), criteria)
    .select(rollupSelection(1))
    .groupBy(rollupKeys.map((k) => keyOf[k]))
    .execute();
  return asRollups(rows as unknown as Record<string, unknown>[]);
}

/** The stored rollups of the whole months `from`..`to` (as `YYYY-MM`) matching the filters. */
export async function storedRollups(
  db: Db,
  months: { from: string; to: string },
  criteria: Omit<IncidentCriteria, 'from' | 'to'>,
): Promise<IncidentRollupRow[]> {
  const rows = await whereFiltersMatch(
    db
      .selectFrom('incident_rollups')
      .selectAll()
      .where('month', '>=', months.from)
      .where('month', '<=', months.to),
    criteria,
  ).execute();
  return asRollups(rows);
}

// Under SQLite's 32,766 bound variables per statement, with room to spare.
const idsPerStatement = 5000;

/** Adds (`sign` 1) or takes away (-1) these incidents' rows from the rollups, as they are stored now. */
async function applyToRollups(tx: Tx, ids: readonly string[], sign: 1 | -1): Promise<void> {
  for (let start = 0; start < ids.length; start += idsPerStatement)
    await upsertRollups(tx, ids.slice(start, start + idsPerStatement), sign);
  // A rollup whose incidents all moved away counts nothing: gone, so no table shows an empty row.
  if (sign === -1) await tx.deleteFrom('incident_rollups').where('incidents', '=', 0).execute();
}

/** Adds the selected incidents' sums to the rollups: those with these ids, or those in an id range. */
async function upsertRollups(
  tx: Tx,
  selected: readonly string[] | { first: string; last: string },
  sign: 1 | -1,
): Promise<void> {
  const base = tx.selectFrom('incidents').select(rollupSelection(sign));
  const grouped = (
    'first' in selected
      ? base.where('id', '>=', selected.first).where('id', '<=', selected.last)
      : base.where('id', 'in', selected)
  ).groupBy(rollupKeys.map((k) => keyOf[k]));
  // In key order, so two transactions updating the same rollups on PostgreSQL lock them in the
  // same order and never wait on each other in a circle.
  const ordered = rollupKeys.reduce((q, k) => q.orderBy(keyOf[k]), grouped);
  await tx
    .insertInto('incident_rollups')
    .columns([...rollupKeys, ...rollupSums])
    .expression(ordered)
    .onConflict((oc) =>
      oc
        .columns(rollupKeys)
        .doUpdateSet(
          Object.fromEntries(
            rollupSums.map((k) => [
              k,
              sql<number>`${sql.ref(`incident_rollups.${k}`)} + ${sql.ref(`excluded.${k}`)}`,
            ]),
          ),
        ),
    )
    .execute();
}

/**
 * Counts stored incidents in the rollups: call it in the transaction that inserted them, after
 * the insert. Every writer of `incidents` keeps the rollups in step this way (a bulk import too,
 * once per batch), or the report and the incident list disagree.
 */
export async function addToRollups(tx: Tx, ids: readonly string[]): Promise<void> {
  await applyToRollups(tx, ids, 1);
}

/**
 * Counts the stored incidents whose ids lie in `first`..`last` in the rollups, in one statement:
 * for an import, whose rows have contiguous ids (`import-range.ts`) and are the only ones there.
 */
export async function addRangeToRollups(tx: Tx, range: { first: string; last: string }): Promise<void> {
  await upsertRollups(tx, range, 1);
}

/** Takes stored incidents out of the rollups: call it before they are changed or deleted, then add them again. */
export async function removeFromRollups(tx: Tx, ids: readonly string[]): Promise<void> {
  await applyToRollups(tx, ids, -1);
}
