// OwnTracks over HTTP into a real listening server (issue 12: at least 10,000 fixes/s on SQLite, and
// at least half the requests/s of a bare Fastify JSON POST route): 100 devices, each its own
// keep-alive connection from a load generator in another process, each POST a new fix, each reply
// sent after the fix has committed (SQLite in a temporary data directory: WAL, synchronous=FULL).
// Baseline in the same run: a bare Fastify POST route answering `[]`, the same client and bodies.
// Runs in `npm run bench`, or alone:
//   npx tsx bench/ingest.ts            (BENCH_INGEST_SECONDS, BENCH_INGEST_ROUNDS to change)
// To profile the server on the ingest alone:
//   BENCH_INGEST_ONLY=ingest node --cpu-prof --import tsx bench/ingest.ts
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import type { SystemActor } from '../src/access/actor.js';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import { defaultPositionSettings } from '../src/tracking/position.service.js';
import { createTestDatabase } from '../test/helpers/database.js';
import type { LoadPlan } from './load.js';
import { devNull, loadFrom } from './load-process.js';

const system: SystemActor = { type: 'system', id: 'bench', partyId: null };
const devices = 100;
// Each connection's n-th request carries the fix taken at this second + n: every fix is new.
const firstTst = 1_765_000_000;
const body = JSON.stringify({
  _type: 'location',
  lat: 33.6844,
  lon: 73.0479,
  tst: 0,
  acc: 12,
  alt: 540,
  vel: 36,
  cog: 90,
  batt: 77,
  bs: 1,
  conn: 'm',
  tid: 'bn',
}).replace('"tst":0', '"tst":{n}');
// The default allows a device 5 fixes/s after a burst of 600; here each sends ~100/s.
const unlimited = { ...defaultPositionSettings, burst: 1e9, perSecond: 1e9 };

interface Row {
  backend: string;
  measure: string;
  value: string;
}

const basic = (token: string) => `Basic ${Buffer.from(`bench:${token}`).toString('base64')}`;
const ms = (value: number) => (value < 10 ? value.toFixed(1) : Math.round(value).toString());

/** Measures the bare route and the ingest `rounds` times, interleaved; one row per route and round. */
export async function benchIngest(options: { seconds?: number; rounds?: number } = {}): Promise<Row[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_INGEST_SECONDS ?? 10);
  const rounds = options.rounds ?? Number(process.env.BENCH_INGEST_ROUNDS ?? 1);
  const log = devNull();
  const database = await createTestDatabase();
  if (database.dialect !== 'sqlite') throw new Error('the ingest benchmark runs on SQLite');
  const config = loadConfig({}, { dataDir: database.dataDir, logLevel: 'info' });
  const app = await buildApp({
    db: database.db,
    clock: systemClock,
    config,
    logStream: log.stream,
    positionSettings: unlimited,
  });
  await app.ready();
  const { services } = app;
  await services.parties.create(system, { id: 'ssd', name: 'Bench host', kind: 'host' });
  const person = await services.persons.create(system, {
    partyId: 'ssd',
    name: 'Bench person',
    nationality: 'CN',
    status: 'in_country',
  });
  const tokens: string[] = [];
  for (let i = 0; i < devices; i++) {
    const { secret } = await services.tokens.createDevice(system, {
      partyId: 'ssd',
      subjectType: 'person',
      subjectId: person.id,
      name: `phone ${i}`,
    });
    tokens.push(secret);
  }
  const jsms = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
  const bare = Fastify();
  bare.post('/', async () => []);
  await bare.listen({ host: '127.0.0.1', port: 0 });

  let firstN = firstTst;
  const plan = (port: number, path: string): LoadPlan => ({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connectionHeaders: tokens.map((token) => ({ authorization: basic(token) })),
    body,
    firstN,
    connections: devices,
    warmupMs: 2000,
    durationMs: seconds * 1000,
  });
  const only = process.env.BENCH_INGEST_ONLY;
  const rows: Row[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      let bareRate = 0;
      for (const key of ['bare', 'ingest'] as const) {
        if (only && only !== key) continue;
        const isBare = key === 'bare';
        const stored = isBare ? 0 : await countPositions(database.db);
        const commits = isBare ? 0 : await countCommits(database.db);
        const cpu = process.cpuUsage();
        const result = await loadFrom(
          isBare
            ? plan((bare.server.address() as AddressInfo).port, '/')
            : plan(Number(jsms.port), '/ingest/owntracks'),
        );
        const used = process.cpuUsage(cpu);
        let perCommit = 0;
        // Every answered request of a device carried a new fix, warm-up included: all must be stored.
        if (!isBare) {
          const added = (await countPositions(database.db)) - stored;
          if (added !== result.total)
            throw new Error(`${result.total} fixes answered 200 but ${added} stored`);
          // The next round's fixes are new again.
          firstN += result.total;
          perCommit = added / ((await countCommits(database.db)) - commits);
        }
        const rate = result.requests / result.seconds;
        if (isBare) bareRate = rate;
        const ratio = isBare || !bareRate ? '' : ` (${(rate / bareRate).toPrecision(2)}× bare)`;
        const cpuPerRequest = (used.user + used.system) / result.total;
        rows.push({
          backend: 'sqlite',
          measure: `${
            isBare
              ? 'bare Fastify JSON POST route answering [] (ingest baseline)'
              : 'POST /ingest/owntracks, a new fix each, answered after commit'
          }; ${devices} keep-alive clients over loopback, a device token each${rounds > 1 ? `, round ${round}` : ''}`,
          value: `${Math.round(rate).toLocaleString('en')} ${isBare ? 'requests' : 'fixes'}/s${ratio}; p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms; server CPU ${Math.round(cpuPerRequest)} µs a request${isBare ? '' : `; ${Math.round(perCommit)} fixes a commit`}`,
        });
      }
    }
  } finally {
    await bare.close();
    await app.close();
    await database.destroy();
    log.close();
  }
  return rows;
}

async function countPositions(db: Awaited<ReturnType<typeof createTestDatabase>>['db']): Promise<number> {
  const { count } = await db
    .selectFrom('positions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Batches written: each writes one `position.recorded` audit entry (one party here). */
async function countCommits(db: Awaited<ReturnType<typeof createTestDatabase>>['db']): Promise<number> {
  const { count } = await db
    .selectFrom('audit_entries')
    .where('action', '=', 'position.recorded')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchIngest();
  process.stdout.write(rows.map((r) => `| ${r.measure} | ${r.value} |`).join('\n') + '\n');
}
