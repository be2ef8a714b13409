import type { Db } from '../database.js';
import { whereMatches } from './incident.repository.js';
import { comboOf, foldCombos } from './report.fold.js';
import { type Aggregates, type Estimate, type Filters, type Period, splitByMonth } from './report.js';
import { rollupsOfRows, storedRollups, tollOf } from './rollup.repository.js';

const n = (value: unknown) => Number(value ?? 0);

/**
 * Where a report's sums come from: the maintained rollups for the whole months of its period and
 * the incidents themselves for the days around them (`rollups`), or the incidents alone (`rows`),
 * which the rollups must always equal.
 */
export type CountFrom = 'rollups' | 'rows';

/**
 * Every aggregate of one period: its rollups, which the pure code folds into each table, and the
 * ten deadliest, read down an index of the best estimate's toll (the others sort the period). On SQLite the caller runs this off
 * the main thread.
 */
export async function loadAggregates(
  db: Db,
  period: Period,
  estimate: Estimate,
  filters: Filters,
  countFrom: CountFrom = 'rollups',
): Promise<Aggregates> {
  const killed = tollOf('killed', estimate);
  const wounded = tollOf('wounded', estimate);
  const { months, days } = countFrom === 'rollups' ? splitByMonth(period) : { months: null, days: [period] };
  const rollups = [
    ...(months ? await storedRollups(db, months, filters) : []),
    ...(await Promise.all(days.map((d) => rollupsOfRows(db, { ...filters, ...d })))).flat(),
  ];

  const deadliestRows = await whereMatches(db.selectFrom('incidents'), { ...filters, ...period })
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

  return foldCombos(
    rollups.map((r) => comboOf(r, estimate)),
    deadliestRows.map((r) => ({ ...r, killed: n(r.killed), wounded: n(r.wounded) })),
  );
}
