import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { Aggregates, Estimate, Group, Period, Sums } from './report.js';

/** The toll column an estimate counts; unknown tolls count as zero. */
function tollOf(prefix: 'killed' | 'wounded', estimate: Estimate): RawBuilder<number> {
  return estimate === 'high'
    ? sql<number>`coalesce(${sql.ref(`${prefix}_high`)}, ${sql.ref(`${prefix}_best`)}, 0)`
    : sql<number>`coalesce(${sql.ref(`${prefix}_best`)}, 0)`;
}

const n = (value: unknown) => Number(value ?? 0);

/**
 * Every aggregate of one period, each a GROUP BY in the database: the rows never travel to the
 * server. On SQLite the caller runs this off the main thread.
 */
export async function loadAggregates(db: Db, period: Period, estimate: Estimate): Promise<Aggregates> {
  const killed = tollOf('killed', estimate);
  const wounded = tollOf('wounded', estimate);
  const inPeriod = db.selectFrom('incidents').where('date', '>=', period.from).where('date', '<=', period.to);

  const totalsRow = await inPeriod
    .select([
      sql<number>`count(*)`.as('incidents'),
      sql<number>`sum(${killed})`.as('killed'),
      sql<number>`sum(${wounded})`.as('wounded'),
      sql<number>`sum(coalesce(kidnapped, 0))`.as('kidnapped'),
      sql<number>`sum(coalesce(killed_civilians, 0))`.as('killedCivilians'),
      sql<number>`sum(coalesce(killed_security, 0))`.as('killedSecurity'),
      sql<number>`sum(coalesce(killed_militants, 0))`.as('killedMilitants'),
      sql<number>`sum(coalesce(killed_foreign, 0))`.as('killedForeign'),
      sql<number>`sum(coalesce(wounded_civilians, 0))`.as('woundedCivilians'),
      sql<number>`sum(coalesce(wounded_security, 0))`.as('woundedSecurity'),
      sql<number>`sum(coalesce(wounded_militants, 0))`.as('woundedMilitants'),
      sql<number>`sum(coalesce(wounded_foreign, 0))`.as('woundedForeign'),
    ])
    .executeTakeFirstOrThrow();
  const totals = Object.fromEntries(Object.entries(totalsRow).map(([k, v]) => [k, n(v)])) as unknown as Sums;

  async function groupBy(column: RawBuilder<string>, limit?: number): Promise<Group[]> {
    let query = inPeriod
      .select([
        sql<string>`${column}`.as('name'),
        sql<number>`count(*)`.as('incidents'),
        sql<number>`sum(${killed})`.as('killed'),
        sql<number>`sum(${wounded})`.as('wounded'),
      ])
      .groupBy(sql`${column}`)
      .orderBy(sql`sum(${killed})`, 'desc')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy(sql`${column}`);
    if (limit) query = query.limit(limit);
    const rows = await query.execute();
    return rows.map((r) => ({
      name: r.name,
      incidents: n(r.incidents),
      killed: n(r.killed),
      wounded: n(r.wounded),
    }));
  }

  const month = sql<string>`substr(date, 1, 7)`;
  const monthlyRows = await inPeriod
    .select([
      month.as('name'),
      sql<number>`count(*)`.as('incidents'),
      sql<number>`sum(${killed})`.as('killed'),
      sql<number>`sum(${wounded})`.as('wounded'),
    ])
    .groupBy(month)
    .orderBy(month)
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
    .orderBy(killed, 'desc')
    .orderBy('date')
    .orderBy('id')
    .limit(10)
    .execute();

  return {
    totals,
    byProvince: await groupBy(sql<string>`coalesce(province, 'Unknown')`),
    byType: await groupBy(sql<string>`type`),
    byPerpetrator: await groupBy(sql<string>`coalesce(perpetrator, 'Unknown')`, 15),
    byTarget: await groupBy(sql<string>`coalesce(target, 'unknown')`),
    monthly: monthlyRows.map((r) => ({
      name: r.name,
      incidents: n(r.incidents),
      killed: n(r.killed),
      wounded: n(r.wounded),
    })),
    deadliest: deadliestRows.map((r) => ({ ...r, killed: n(r.killed), wounded: n(r.wounded) })),
  };
}
