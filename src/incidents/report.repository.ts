import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import { whereMatches } from './incident.repository.js';
import {
  type Aggregates,
  citedDatasets,
  type Combo,
  type Estimate,
  estimates,
  type Filters,
  foldCombos,
  type Period,
  sumKeys,
  type Sums,
  unknownGroup,
} from './report.js';

/** The toll column an estimate counts, the best where that one is not given; unknown tolls count as zero. */
function tollOf(prefix: 'killed' | 'wounded', estimate: Estimate): RawBuilder<number> {
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

const capital = { low: 'Low', best: 'Best', high: 'High' } as const;

const n = (value: unknown) => Number(value ?? 0);

/**
 * Every aggregate of one period in two passes over its rows, both in the database: one GROUP BY
 * over (province, type, perpetrator, opponent, target, month) that the pure code folds into each table,
 * and the ten deadliest. On SQLite the caller runs this off the main thread.
 */
export async function loadAggregates(
  db: Db,
  period: Period,
  estimate: Estimate,
  filters: Filters,
): Promise<Aggregates> {
  const killed = tollOf('killed', estimate);
  const wounded = tollOf('wounded', estimate);
  // Each estimate summed once; the headline's `killed` and `wounded` are copied from the counted one.
  const bySum = estimates.flatMap((e) => [
    sql<number>`sum(${tollOf('killed', e)})`.as(`killed${capital[e]}`),
    sql<number>`sum(${tollOf('wounded', e)})`.as(`wounded${capital[e]}`),
  ]);
  const inPeriod = whereMatches(db.selectFrom('incidents'), { ...filters, ...period });
  const month = sql<string>`substr(date, 1, 7)`;
  const dated = sql<
    Combo['dated']
  >`case when date_precision in ('month', 'year') then date_precision else 'day' end`;
  // The dataset a row came from, by its source key's prefix (`ucdp:…`), with LIKE, which both
  // databases read alike.
  const dataset = sql<Combo['dataset']>`case ${sql.join(
    citedDatasets.map((d) => sql`when source_key like ${sql.lit(`${d}:%`)} then ${sql.lit(d)}`),
    sql` `,
  )} when source_key is null then 'recorded' else 'imported' end`;
  const placed = sql<Combo['placed']>`case when geo_precision = 'country' then 'country' else 'place' end`;

  const rows = await inPeriod
    .select([
      sql<string>`coalesce(province, 'Unknown')`.as('province'),
      'type',
      sql<string>`coalesce(perpetrator, ${sql.lit(unknownGroup)})`.as('perpetrator'),
      'opponent',
      sql<string>`coalesce(target, 'unknown')`.as('target'),
      month.as('month'),
      dated.as('dated'),
      placed.as('placed'),
      dataset.as('dataset'),
      sql<number>`count(*)`.as('incidents'),
      ...bySum,
      sql<number>`sum(coalesce(kidnapped, 0))`.as('kidnapped'),
      sql<number>`sum(coalesce(killed_civilians, 0))`.as('killedCivilians'),
      sql<number>`sum(coalesce(killed_security, 0))`.as('killedSecurity'),
      sql<number>`sum(coalesce(killed_militants, 0))`.as('killedMilitants'),
      sql<number>`sum(coalesce(killed_foreign, 0))`.as('killedForeign'),
      sql<number>`sum(coalesce(killed_unknown, 0))`.as('killedUnknown'),
      sql<number>`sum(${unattributed('killed', killed)})`.as('killedUnattributed'),
      sql<number>`sum(coalesce(wounded_civilians, 0))`.as('woundedCivilians'),
      sql<number>`sum(coalesce(wounded_security, 0))`.as('woundedSecurity'),
      sql<number>`sum(coalesce(wounded_militants, 0))`.as('woundedMilitants'),
      sql<number>`sum(coalesce(wounded_foreign, 0))`.as('woundedForeign'),
      sql<number>`sum(coalesce(wounded_unknown, 0))`.as('woundedUnknown'),
      sql<number>`sum(${unattributed('wounded', wounded)})`.as('woundedUnattributed'),
      sql<number>`count(killed_best)`.as('killedReported'),
      sql<number>`count(wounded_best)`.as('woundedReported'),
    ])
    .groupBy([
      sql`coalesce(province, 'Unknown')`,
      'type',
      sql`coalesce(perpetrator, ${sql.lit(unknownGroup)})`,
      'opponent',
      sql`coalesce(target, 'unknown')`,
      month,
      dated,
      placed,
      dataset,
    ])
    .execute();

  const deadliestRows = await inPeriod
    .select([
      'id',
      'date',
      'place',
      'province',
      'type',
      'perpetrator',
      killed.as('killed'),
      wounded.as('wounded'),
    ])
    // Only incidents known to the day and the place: a yearly total is no single deadly attack.
    .where('date_precision', 'in', ['day', 'week'])
    .where((eb) => eb.or([eb('geo_precision', 'is', null), eb('geo_precision', '!=', 'country')]))
    .orderBy(killed, 'desc')
    .orderBy('date')
    .orderBy('id')
    .limit(10)
    .execute();

  const combos: Combo[] = rows.map((r) => {
    const row = r as unknown as Record<string, unknown>;
    const sums = Object.fromEntries(sumKeys.map((k) => [k, n(row[k])])) as unknown as Sums;
    sums.killed = sums[`killed${capital[estimate]}`];
    sums.wounded = sums[`wounded${capital[estimate]}`];
    return {
      province: r.province,
      type: r.type,
      perpetrator: r.perpetrator,
      opponent: r.opponent,
      target: r.target,
      month: r.month,
      dated: r.dated,
      placed: r.placed,
      dataset: r.dataset,
      sums,
    };
  });
  return foldCombos(
    combos,
    deadliestRows.map((r) => ({ ...r, killed: n(r.killed), wounded: n(r.wounded) })),
  );
}
