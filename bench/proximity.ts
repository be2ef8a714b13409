// Proximity over the live picture (issue 12): everyone within 5 km of a point among 100,000 live
// subjects spread over Pakistan (denser around its cities), 1,000 query points drawn from the same
// spread, against PostGIS `ST_DWithin(geography, geography, 5000)` with a GiST index on the same
// points, in the same run. The PostGIS side is timed twice: from Node over a prepared statement on
// loopback (what a server would pay), and inside PostgreSQL by a PL/pgSQL loop (the query alone).
// A sample of queries is checked to return the same subjects both ways. Runnable alone:
// `npx tsx bench/proximity.ts` (BENCH_DATABASE_URL for another PostgreSQL; it needs Debian's
// `postgresql-15-postgis-3`, else the PostGIS rows are skipped with the reason).
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { LatLon } from '../src/risk/cell-walk.js';
import { haversineKm } from '../src/risk/risk.js';
import { routeKm } from '../src/risk/route.js';
import { bareFix, type Fix } from '../src/tracking/fix.js';
import { type LiveEntry, LiveIndex } from '../src/tracking/live-index.js';
import { roadRoute } from '../test/helpers/roads.js';

interface Row {
  backend: string;
  measure: string;
  value: string;
}

const subjects = Number(process.env.BENCH_PROXIMITY_SUBJECTS ?? 100_000);
const queries = 1000;
const radiusM = 5000;
/** Queries whose answers are compared with PostGIS's, subject by subject. */
const checked = 200;
/**
 * Each query is run this many times and its fastest kept, on both sides: on a machine shared with
 * other work a single run's time is mostly how long the process waited for a core.
 */
const repeats = 5;
const defaultUrl = 'postgresql://postgres@127.0.0.1:5432/test';
const schema = 'bench_proximity';

/**
 * A small deterministic generator (a 32-bit linear congruential one, in integer arithmetic: the
 * floating-point form used elsewhere loses bits past 2^53 and repeats after about 10,000 draws).
 */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Cities and a rough share of the subjects around each (the rest anywhere in the box). */
const cities: [name: string, lat: number, lon: number, share: number][] = [
  ['Karachi', 24.86, 67.01, 0.18],
  ['Lahore', 31.55, 74.34, 0.12],
  ['Islamabad', 33.68, 73.05, 0.12],
  ['Peshawar', 34.01, 71.52, 0.06],
  ['Quetta', 30.18, 67.0, 0.05],
  ['Faisalabad', 31.42, 73.08, 0.04],
  ['Multan', 30.2, 71.47, 0.03],
  ['Gwadar', 25.13, 62.32, 0.03],
  ['Dasu', 35.29, 73.29, 0.02],
];

/** A point over Pakistan: near a city (normal, σ ≈ 15 km) for 65%, uniform over lat 24–37, lon 61–77 otherwise. */
function place(r: () => number): LatLon {
  let pick = r();
  for (const [, lat, lon, share] of cities) {
    if (pick < share) {
      // Box–Muller: two normal deviates.
      const radius = Math.sqrt(-2 * Math.log(1 - r())) * 0.14;
      const angle = 2 * Math.PI * r();
      return { lat: lat + radius * Math.sin(angle), lon: lon + radius * Math.cos(angle) };
    }
    pick -= share;
  }
  return { lat: 24 + r() * 13, lon: 61 + r() * 16 };
}

function fixOf(point: LatLon, at: Date): Fix {
  return bareFix(point, at, { accuracyM: 10 });
}

const percentile = (samples: number[], q: number) => {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const ms = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(2));

interface PostgisTimes {
  /** Per query, its fastest of `repeats`; and every run. */
  roundTrip: number[];
  roundTripAll: number[];
  inServer: number[];
  /** Per checked query, the ids PostGIS found: on the spheroid (its default) and on the sphere. */
  spheroid: string[][];
  sphere: string[][];
}

/** Loads the same points into PostGIS and times the same queries; null with the reason when it cannot. */
async function timePostgis(
  url: string,
  points: LatLon[],
  ids: string[],
  targets: LatLon[],
): Promise<PostgisTimes | string> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    return `no PostgreSQL at ${url} (${(error as Error).message})`;
  }
  let ownExtension = false;
  try {
    const available = await client.query("select 1 from pg_available_extensions where name = 'postgis'");
    if (available.rowCount === 0)
      return 'PostGIS is not installed on that server (apt-get install postgresql-15-postgis-3)';
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`create schema ${schema}`);
    // In a schema of our own, dropped after, unless another user of the database installed it.
    const installed = await client.query<{ schema: string }>(
      "select extnamespace::regnamespace::text as schema from pg_extension where extname = 'postgis'",
    );
    if (installed.rowCount === 0) {
      await client.query(`create extension postgis schema ${schema}`);
      ownExtension = true;
    }
    const extensionSchema = installed.rows[0]?.schema ?? schema;
    await client.query(`set search_path = ${schema}, ${extensionSchema}`);
    await client.query('create table subjects (id text primary key, g geography(Point, 4326) not null)');
    for (let from = 0; from < points.length; from += 20_000) {
      const slice = points.slice(from, from + 20_000);
      await client.query(
        `insert into subjects (id, g)
         select id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography
         from unnest($1::text[], $2::float8[], $3::float8[]) as u(id, lon, lat)`,
        [ids.slice(from, from + 20_000), slice.map((p) => p.lon), slice.map((p) => p.lat)],
      );
    }
    await client.query('create index subjects_g on subjects using gist (g)');
    await client.query('analyze subjects');

    const near = {
      name: 'proximity-near',
      text: 'select id from subjects where ST_DWithin(g, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)',
    };
    const run = (p: LatLon) => client.query<{ id: string }>({ ...near, values: [p.lon, p.lat, radiusM] });
    for (const p of targets) await run(p);
    const roundTrip: number[] = [];
    const roundTripAll: number[] = [];
    for (const p of targets) {
      let best = Infinity;
      for (let k = 0; k < repeats; k++) {
        const began = performance.now();
        await run(p);
        const took = performance.now() - began;
        roundTripAll.push(took);
        best = Math.min(best, took);
      }
      roundTrip.push(best);
    }

    // The same query timed inside the server, each alone, without the trip to Node.
    await client.query(`
      create function time_near(lons float8[], lats float8[], radius float8, repeats int) returns float8[]
      language plpgsql as $$
      declare
        times float8[] := '{}';
        best float8;
        began timestamptz;
        found text[];
      begin
        for i in 1 .. array_length(lons, 1) loop
          best := 'infinity';
          for k in 1 .. repeats loop
            began := clock_timestamp();
            select array_agg(id) into found from subjects
              where ST_DWithin(g, ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326)::geography, radius);
            best := least(best, extract(epoch from clock_timestamp() - began) * 1000);
          end loop;
          times := times || best;
        end loop;
        return times;
      end $$`);
    const args = [targets.map((p) => p.lon), targets.map((p) => p.lat), radiusM, repeats];
    await client.query('select time_near($1, $2, $3, 1)', args.slice(0, 3));
    const inServer = (await client.query<{ t: number[] }>('select time_near($1, $2, $3, $4) as t', args))
      .rows[0]!.t;

    const spheroid: string[][] = [];
    const sphere: string[][] = [];
    for (const p of targets.slice(0, checked)) {
      spheroid.push((await run(p)).rows.map((r) => r.id));
      const onSphere = await client.query<{ id: string }>(
        'select id from subjects where ST_DWithin(g, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3, false)',
        [p.lon, p.lat, radiusM],
      );
      sphere.push(onSphere.rows.map((r) => r.id));
    }
    return { roundTrip, roundTripAll, inServer, spheroid, sphere };
  } finally {
    await client.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    if (ownExtension) await client.query('drop extension if exists postgis').catch(() => undefined);
    await client.end();
  }
}

/** The proximity rows: ours, and PostGIS's when it is there. */
export async function benchProximity(): Promise<Row[]> {
  const r = random(1212);
  const at = new Date('2026-12-07T08:00:00Z');
  const points = Array.from({ length: subjects }, () => place(r));
  const ids = points.map((_, i) => `s${i}`);
  const targets = Array.from({ length: queries }, () => place(r));

  const entryOf = (point: LatLon, i: number, when: Date): LiveEntry => ({
    subject: { type: i % 10 === 0 ? 'unit' : 'person', id: ids[i]! },
    fix: fixOf(point, when),
    deviceId: `d${i}`,
    receivedAt: when,
    partyId: 'cso',
  });
  // The entries are made before the clock starts: ingest hands the index entries it has parsed.
  const first = points.map((point, i) => entryOf(point, i, at));
  const index = new LiveIndex();
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  let cpu = process.cpuUsage();
  let began = performance.now();
  for (const entry of first) index.upsert(entry);
  const loadMs = performance.now() - began;
  const loadCpuMs = cpuMs(cpu);
  for (const p of targets) index.within(p, radiusM);
  const ours: number[] = [];
  const oursAll: number[] = [];
  /** What the first queries found, for the comparison with PostGIS (before the subjects move). */
  const mineChecked: Set<string>[] = [];
  let found = 0;
  for (const p of targets) {
    let best = Infinity;
    for (let k = 0; k < repeats; k++) {
      began = performance.now();
      const hits = index.within(p, radiusM);
      const took = performance.now() - began;
      if (k === 0) found += hits.length;
      if (k === 0 && mineChecked.length < checked)
        mineChecked.push(new Set(hits.map((h) => h.entry.subject.id)));
      oursAll.push(took);
      best = Math.min(best, took);
    }
    ours.push(best);
  }
  const micro = (totalMs: number) => ((totalMs / subjects) * 1000).toFixed(2);
  const oursP50 = percentile(ours, 0.5);
  const oursP99 = percentile(ours, 0.99);

  // Steady state: every subject reports again, a few hundred metres on, a minute later.
  const later = new Date(at.getTime() + 60_000);
  const moved = points.map((p, i) =>
    entryOf({ lat: p.lat + (r() - 0.5) * 0.01, lon: p.lon + (r() - 0.5) * 0.01 }, i, later),
  );
  cpu = process.cpuUsage();
  began = performance.now();
  for (const entry of moved) index.upsert(entry);
  const moveMs = performance.now() - began;
  const moveCpuMs = cpuMs(cpu);
  const rows: Row[] = [
    {
      backend: 'memory',
      measure: `live index: ${subjects.toLocaleString('en')} subjects filed (upsert), over Pakistan, 65% around nine cities; then each reports again, moved`,
      value: `${Math.round(loadMs)} ms, ${micro(loadMs)} µs an upsert (CPU ${micro(loadCpuMs)} µs); moves ${micro(moveMs)} µs an upsert (CPU ${micro(moveCpuMs)} µs)`,
    },
    {
      backend: 'memory',
      measure: `live index: everyone within 5 km of a point, ${queries.toLocaleString('en')} points (${(found / queries).toFixed(0)} found on average), measured and sorted by distance; each query's fastest of ${repeats}`,
      value: `p50 ${ms(oursP50)} ms, p99 ${ms(oursP99)} ms (every run: p50 ${ms(percentile(oursAll, 0.5))} ms, p99 ${ms(percentile(oursAll, 0.99))} ms)`,
    },
  ];

  // The other two questions, for scale: a movement's corridor and a drawn area.
  const kkh = roadRoute('karakoram');
  const meanMs = (work: () => unknown) => {
    work();
    const from = performance.now();
    for (let k = 0; k < 10; k++) work();
    return (performance.now() - from) / 10;
  };
  const alongKkh = index.alongCorridor(kkh, 2000).length;
  const corridorMs = meanMs(() => index.alongCorridor(kkh, 2000));
  const islamabad = [
    { lat: 33.55, lon: 72.9 },
    { lat: 33.55, lon: 73.25 },
    { lat: 33.8, lon: 73.25 },
    { lat: 33.8, lon: 72.9 },
  ];
  const inIslamabad = index.inPolygon(islamabad).length;
  const polygonMs = meanMs(() => index.inPolygon(islamabad));
  rows.push({
    backend: 'memory',
    measure: `live index: along the Karakoram Highway (${kkh.length} waypoints, ${Math.round(routeKm(kkh))} km), 2 km either side; inside a 32 × 28 km box over Islamabad; mean of 10`,
    value: `${corridorMs.toFixed(2)} ms (${alongKkh} found); ${polygonMs.toFixed(2)} ms (${inIslamabad.toLocaleString('en')} found)`,
  });

  const url = process.env.BENCH_DATABASE_URL ?? defaultUrl;
  const postgis = await timePostgis(url, points, ids, targets);
  if (typeof postgis === 'string') {
    process.stdout.write(`PostGIS skipped: ${postgis}\n`);
    rows.push({ backend: 'postgis', measure: 'ST_DWithin baseline', value: `skipped: ${postgis}` });
    return rows;
  }

  // The same subjects? On the sphere, up to PostGIS's 8.8 m larger radius of the Earth (a few mm at
  // 5 km); on the spheroid, PostGIS's default, up to the ellipsoid's ±0.5% from the sphere.
  const byId = new Map(ids.map((id, i) => [id, points[i]!]));
  const disagreements = (lists: string[][], toleranceM: number) => {
    let count = 0;
    let unexplained = 0;
    lists.forEach((theirs, q) => {
      const mine = mineChecked[q]!;
      const both = new Set(theirs);
      for (const id of new Set([...mine, ...both])) {
        if (mine.has(id) === both.has(id)) continue;
        count++;
        const d = haversineKm(targets[q]!, byId.get(id)!) * 1000;
        if (Math.abs(d - radiusM) > toleranceM) unexplained++;
      }
    });
    return { count, unexplained };
  };
  const onSphere = disagreements(postgis.sphere, 0.01);
  const onSpheroid = disagreements(postgis.spheroid, radiusM * 0.005);
  if (onSphere.unexplained > 0 || onSpheroid.unexplained > 0)
    throw new Error(
      `live index and PostGIS disagree beyond the Earth models' difference: ${onSphere.unexplained} on the sphere, ${onSpheroid.unexplained} on the spheroid`,
    );
  const checkedHits = postgis.sphere.reduce((sum, list) => sum + list.length, 0);

  const trip50 = percentile(postgis.roundTrip, 0.5);
  const trip99 = percentile(postgis.roundTrip, 0.99);
  const server50 = percentile(postgis.inServer, 0.5);
  const server99 = percentile(postgis.inServer, 0.99);
  const ratio = (theirs: number, mine: number) => `${(theirs / mine).toFixed(0)}×`;
  rows.push(
    {
      backend: 'postgis',
      measure: `baseline: ST_DWithin(geography, geography, 5000) with a GiST index on the same points, from Node (prepared, loopback), ids only; each query's fastest of ${repeats}`,
      value: `p50 ${ms(trip50)} ms, p99 ${ms(trip99)} ms (every run: p99 ${ms(percentile(postgis.roundTripAll, 0.99))} ms); the live index is ${ratio(trip50, oursP50)} faster at p50, ${ratio(trip99, oursP99)} at p99`,
    },
    {
      backend: 'postgis',
      measure: `baseline: the same query inside PostgreSQL (PL/pgSQL loop, no round trip); each query's fastest of ${repeats}`,
      value: `p50 ${ms(server50)} ms, p99 ${ms(server99)} ms; the live index is ${ratio(server50, oursP50)} faster at p50, ${ratio(server99, oursP99)} at p99`,
    },
    {
      backend: 'postgis',
      measure: `same subjects found, ${checked} queries (${checkedHits.toLocaleString('en')} subjects) compared one by one`,
      value: `on the sphere (use_spheroid false) ${onSphere.count} differ; on the spheroid ${onSpheroid.count} differ, all within 0.5% of 5 km (the ellipsoid against the sphere)`,
    },
  );
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await benchProximity())
    process.stdout.write(`| ${row.backend} | ${row.measure} | ${row.value} |\n`);
}
