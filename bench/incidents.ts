// The threat-picture benchmarks: a period report over a million incidents against a plain SQL
// GROUP BY on the same rows, the event loop's longest stall meanwhile, and risk along a route.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { SystemActor } from '../src/access/actor.js';
import type { NewIncident } from '../src/incidents/incident.rows.js';
import type { TestApp } from '../test/helpers/app.js';

const system: SystemActor = { type: 'system', id: 'bench', partyId: 'ssd' };
const provinces = [
  ['Khyber Pakhtunkhwa', 34.0, 71.5],
  ['Balochistan', 29.0, 66.0],
  ['Sindh', 25.4, 68.4],
  ['Punjab', 31.2, 73.0],
  ['Islamabad', 33.7, 73.05],
] as const;
const types = ['suicide_attack', 'ied', 'armed_assault', 'targeted_killing', 'kidnapping'] as const;

/** Deterministic pseudo-random numbers, so every run loads the same rows. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** One generated incident, as an import hands it over once read and validated. */
function fixtureIncident(next: () => number, start: number, span: number, n: number): NewIncident {
  const [province, lat, lon] = provinces[Math.floor(next() * provinces.length)]!;
  const killed = Math.floor(next() ** 3 * 40);
  return {
    date: new Date(start + next() * span).toISOString().slice(0, 10),
    datePrecision: 'day',
    province,
    lat: lat + (next() - 0.5) * 3,
    lon: lon + (next() - 0.5) * 3,
    type: types[Math.floor(next() * types.length)]!,
    perpetrator: next() < 0.5 ? 'TTP' : 'BLA',
    target: next() < 0.6 ? 'security_forces' : 'civilians',
    killed: { best: killed, civilians: Math.floor(killed / 2), security: killed - Math.floor(killed / 2) },
    wounded: { best: Math.floor(next() * 60) },
    status: 'confirmed',
    sources: [],
    // The generator repeats itself (its products pass 2^53): keyed rows are kept, as before.
    sourceKey: `bench:${n}`,
  };
}

/**
 * Imports `count` incidents over 2000–2025 through the import's storing half (dedupe, rows in
 * multi-row INSERTs, one audit entry), as `jsms import incidents` does once the file is read and
 * validated: the file's reading is measured on its own (`bench/imports.ts`).
 */
export async function importIncidentFixture(t: TestApp, count: number): Promise<number> {
  const next = random(42);
  const start = Date.UTC(2000, 0, 1);
  const span = Date.UTC(2025, 11, 31) - start;
  const inputs = Array.from({ length: count }, (_, n) => fixtureIncident(next, start, span, n));
  const before = await t.db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const began = performance.now();
  const counts = await t.services.incidents.importMany(system, inputs);
  const ms = performance.now() - began;
  const after = await t.db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (counts.added !== count || Number(after.n) - Number(before.n) !== 1)
    throw new Error('the import did not store every row with one audit entry');
  return ms;
}

export async function benchIncidents(t: TestApp, backend: string, count: number) {
  const rows: { backend: string; measure: string; value: string }[] = [];
  const loadMs = await importIncidentFixture(t, count);
  rows.push({
    backend,
    measure: `import ${count.toLocaleString('en')} incidents, read and validated, in one transaction with one audit entry`,
    value: `${Math.round(count / (loadMs / 1000)).toLocaleString('en')} rows/s`,
  });
  if (backend === 'postgres') await sql`analyze incidents`.execute(t.db);
  else await sql`analyze`.execute(t.db);

  const period = { from: '2020-01-01', to: '2024-12-31' };
  let began = performance.now();
  await sql`select coalesce(province, 'Unknown') as name, count(*) as n, sum(coalesce(killed_best, 0)) as killed
    from incidents where date >= ${period.from} and date <= ${period.to} group by 1`.execute(t.db);
  const plain = performance.now() - began;
  rows.push({
    backend,
    measure: 'plain SQL GROUP BY province over 5 years',
    value: `${Math.round(plain)} ms`,
  });

  // Start the report worker (on SQLite) before timing: its start-up is once per process.
  await t.services.reports.report(system, { from: '1990-01-01', to: '1990-01-31', compare: 'none' });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  // A timer keeps the loop turning, so a stall shows as a late tick.
  const ticker = setInterval(() => undefined, 5);
  delay.enable();
  began = performance.now();
  const report = await t.services.reports.report(system, { ...period, compare: 'previous' });
  const reportMs = performance.now() - began;
  delay.disable();
  clearInterval(ticker);
  rows.push({
    backend,
    measure: `period report over 5 years with comparison (${report.totals.incidents.toLocaleString('en')} + ${report.previous!.totals.incidents.toLocaleString('en')} incidents)`,
    value: `${Math.round(reportMs)} ms, ${(reportMs / plain).toFixed(2)}× the plain GROUP BY (every table from the rollups of whole months, the deadliest down an index)`,
  });
  rows.push({
    backend,
    measure: 'longest event-loop stall while the report ran',
    value: `${(delay.max / 1e6).toFixed(1)} ms`,
  });

  t.clock.advance(Date.parse('2025-12-31') - t.clock.now().getTime());
  const gridDelay = monitorEventLoopDelay({ resolution: 5 });
  const gridTicker = setInterval(() => undefined, 5);
  gridDelay.enable();
  began = performance.now();
  await t.services.risk.ready();
  const gridMs = performance.now() - began;
  gridDelay.disable();
  clearInterval(gridTicker);
  rows.push({
    backend,
    measure: 'risk grid built from the last two years (once, on the first risk query)',
    value: `${Math.round(gridMs)} ms; longest event-loop stall ${(gridDelay.max / 1e6).toFixed(1)} ms`,
  });
  // Karachi to Peshawar, about 1,150 km, through the worst provinces.
  const route = [
    { lat: 24.86, lon: 67.0 },
    { lat: 27.7, lon: 68.86 },
    { lat: 30.2, lon: 71.47 },
    { lat: 32.6, lon: 71.5 },
    { lat: 34.0, lon: 71.58 },
  ];
  await t.services.risk.route(system, route);
  const runs = 200;
  began = performance.now();
  let result = { maxLevel: 0, km: 0 };
  for (let i = 0; i < runs; i++) result = await t.services.risk.route(system, route);
  rows.push({
    backend,
    measure: `risk along a ${Math.round(result.km)} km route (cell by cell), mean of ${runs}`,
    value: `${((performance.now() - began) / runs).toFixed(2)} ms (level ${result.maxLevel})`,
  });
  return rows;
}
