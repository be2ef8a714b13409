// Benchmarks: audited writes, audit verification and authenticated reads, on SQLite and (when
// BENCH_DATABASE_URL is set) PostgreSQL. Writes docs/BENCHMARKS.md. Compare ratios within one run.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { SystemActor } from '../src/access/actor.js';
import { readWitnessDirs } from '../src/audit/witness-store.js';
import { createTestApp } from '../test/helpers/app.js';
import { benchFanout } from './fanout.js';
import { benchRollcall } from './rollcall.js';
import { benchImports } from './imports.js';
import { benchIngest } from './ingest.js';
import { benchMovements } from './movements.js';
import { benchIncidents } from './incidents.js';
import { benchNews } from './news.js';
import { benchProximity } from './proximity.js';
import { benchReadPath } from './read-path.js';
import { benchRisk } from './risk.js';
import { benchWeb } from './web.js';

const system: SystemActor = { type: 'system', id: 'bench', partyId: null };
const writes = Number(process.env.BENCH_WRITES ?? 2000);

interface Row {
  backend: string;
  measure: string;
  value: string;
}

async function benchBackend(backend: 'sqlite' | 'postgres'): Promise<Row[]> {
  if (backend === 'postgres') process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else delete process.env.TEST_DATABASE_URL;
  const t = await createTestApp({ logLevel: 'silent' });
  if (t.database.dialect !== backend) throw new Error(`expected ${backend}, got ${t.database.dialect}`);
  const rows: Row[] = [];
  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} /s`;

  const person = await t.services.persons.create(system, {
    partyId: 'cso',
    name: 'Bench person',
    nationality: 'CN',
    status: 'in_country',
  });
  let start = performance.now();
  for (let i = 0; i < writes; i++) {
    await t.services.tokens.createDevice(system, {
      partyId: 'cso',
      subjectType: 'person',
      subjectId: person.id,
      name: 'phone',
    });
  }
  rows.push({
    backend,
    measure: `audited writes, one transaction each (${writes})`,
    value: rate(writes, performance.now() - start),
  });

  const clients = 8;
  start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < writes / clients; i++) {
        await t.request('cso:coordinator', {
          method: 'POST',
          url: '/api/v1/devices',
          payload: { subjectType: 'person', subjectId: person.id, name: `tracker ${c}-${i}` },
        });
      }
    }),
  );
  rows.push({
    backend,
    measure: `POST /api/v1/devices, ${clients} concurrent clients (${writes})`,
    value: rate(writes, performance.now() - start),
  });

  start = performance.now();
  const reads = writes * 2;
  for (let i = 0; i < reads; i++) await t.request('cso:admin', { method: 'GET', url: '/api/v1/me' });
  rows.push({
    backend,
    measure: `GET /api/v1/me with an API token (${reads})`,
    value: rate(reads, performance.now() - start),
  });

  // A first checkpoint, cosigned by the partner, so that the next one carries a consistency proof.
  await t.services.audit.checkpoint(system);
  await t.cosign('cso');
  await t.services.tokens.createDevice(system, {
    partyId: 'cso',
    subjectType: 'person',
    subjectId: person.id,
    name: 'phone',
  });

  start = performance.now();
  const checkpoint = await t.services.audit.checkpoint(system);
  rows.push({
    backend,
    measure: `checkpoint with its consistency proof, signed by the host (${checkpoint.treeSize} entries)`,
    value: `${Math.round(performance.now() - start)} ms`,
  });

  start = performance.now();
  await t.cosign('cso');
  rows.push({
    backend,
    measure: `partner's signing client: fetch, check the consistency proof, cosign, upload, keep`,
    value: `${Math.round(performance.now() - start)} ms`,
  });

  start = performance.now();
  const report = await t.services.audit.verify({ witnessed: readWitnessDirs([t.witnessDir('cso')]) });
  if (!report.ok) throw new Error('audit log does not verify');
  rows.push({
    backend,
    measure: `audit verify --witness: hashes, links, roots, signatures, records, kept copies (${report.entries} entries)`,
    value: rate(report.entries, performance.now() - start),
  });

  rows.push(
    ...(await benchImports(
      t,
      backend,
      Number(process.env.BENCH_IMPORT_ROWS ?? 109_000),
      Number(process.env.BENCH_IMPORT_STORED ?? 20_000),
    )),
  );
  rows.push(...(await benchIncidents(t, backend, Number(process.env.BENCH_INCIDENTS ?? 1_000_000))));
  rows.push(...(await benchRisk(t, backend)));
  await t.close();
  return rows;
}

const rows = await benchBackend('sqlite');
rows.push(...(await benchReadPath()));
rows.push(...(await benchIngest()));
rows.push(...benchNews());
rows.push(...(await benchMovements()));
rows.push(...(await benchProximity()));
rows.push(...(await benchFanout()));
rows.push(...(await benchRollcall()));
rows.push(...(await benchWeb()));
if (process.env.BENCH_DATABASE_URL) rows.push(...(await benchBackend('postgres')));
else
  process.stdout.write(
    'PostgreSQL skipped: set BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test\n',
  );

const table = [
  '| back end | measure | result |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.backend} | ${r.measure} | ${r.value} |`),
];
const text = `# Benchmarks

Produced by \`npm run bench\` (with \`BENCH_DATABASE_URL\` for PostgreSQL) on ${new Date().toISOString().slice(0, 10)},
${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. Timings are noisy on a
shared machine: compare rows of one run as ratios.

${table.join('\n')}

Every write is one durable transaction with its audit entry (SQLite: WAL with synchronous=FULL;
PostgreSQL: fsync and synchronous_commit on), so write rates are bounded by fsync. Requests go
through \`app.inject()\`: the whole Fastify pipeline (auth hook, validation, serialisation) without
sockets, except the read-path rows (\`bench/read-path.ts\`, runnable alone with
\`npx tsx bench/read-path.ts\`): there a JSMS server and a bare Fastify route listen on loopback, logging
at the default level, and a load generator in another process (\`bench/load.ts\`) keeps 50 keep-alive
connections busy for 5 s, counted from when every connection has been answered once and at least 1 s
has passed; the ratio is to the bare route in the same run. The ingest rows (\`bench/ingest.ts\`, runnable
alone with \`npx tsx bench/ingest.ts\`) post OwnTracks locations the same way from 100 connections, a
device token each and a new fix in every request, for 10 s after 2 s of warm-up, to a server on SQLite
whose reply waits for the commit; the per-device rate limit is lifted for it, and it fails unless every
fix answered 200 is in the table; the baseline is a bare Fastify JSON POST route answering \`[]\`,
same client and bodies, in the same run. The news drafting rows (\`bench/news.ts\`,
runnable alone with \`npx tsx bench/news.ts\`) score the drafts of the labelled evaluation set in
\`src/incidents/news/eval/\`: detection F1 and the share of expected incidents with the right date,
province, killed, wounded and type, on the part used to tune the rules and on the held-out part.
The web app rows (\`bench/web.ts\`, runnable alone with \`npx tsx bench/web.ts\`; it needs
Debian's Chromium) start \`jsms serve --demo\` and time headless Chromium with an empty cache from the
address bar to the sign-in form, and, signed in, to the operations map with its base map drawn and
every layer's data in.
The period report rows (\`bench/incidents.ts\`) load the incidents through the import, which keeps the rollups in step
as every writer of incidents does; the report then sums the rollups of the 2 × 60 whole months and reads the ten
deadliest of each period down an index, while the plain GROUP BY reads the period's incidents.
The movement rows (\`bench/movements.ts\`, runnable alone with \`npx tsx bench/movements.ts\`) keep 1,000 open
movements' corridors walked by cell; after one incident the movements whose corridor reads a changed
cell are found and re-assessed from the cells' levels (route, agreement clauses, requirementRaised),
against walking the same routes again in the same run. Two scenarios: the 1,000 on three roads (the
incident at Dasu touches the 400 on the KKH) and all 1,000 on the KKH through Dasu (it touches every
one). The service rows time the movement service's own path: it keeps each open movement as it last
read or wrote it beside its walk, so nothing is read from the database before the writes (a movement
changed elsewhere fails the write's version and state check and is read again); its mean of 10 runs
after the event's writes, when every new assessment equals the stored one and is compared in full.
The writes row is one transaction with, per changed movement, the row, a history entry and an audit
entry (hash-chained, so appended one by one).
The proximity rows (\`bench/proximity.ts\`, runnable alone with \`npx tsx bench/proximity.ts\`) ask the
live index (\`src/tracking/live-index.ts\`) for everyone within 5 km of 1,000 points among 100,000
subjects over Pakistan (65% around nine cities, the query points drawn the same way), against PostGIS
\`ST_DWithin(geography, geography, 5000)\` with a GiST index on the same points, in the same run: from
Node over a prepared statement, and inside PostgreSQL in a PL/pgSQL loop. Each query's time is its
fastest of 5 on both sides; the live index also measures and sorts its hits, PostGIS returns ids only.
200 queries are compared subject by subject: on the sphere (\`use_spheroid\` false) the answers are the
same; on PostGIS's default spheroid they differ only within 0.5% of the radius. PostGIS comes from
Debian's \`postgresql-15-postgis-3\`; without it the rows say why they were skipped.
The fan-out rows (\`bench/fanout.ts\`, runnable alone with \`npx tsx bench/fanout.ts\`) connect 1,000
WebSocket clients to \`GET /api/v1/stream\` of a listening server, each a user of its own in eight roles
of both parties (frames are built per role and shared), then ingest fixes of one partner person one at
a time through \`POST /ingest/owntracks\` over HTTP; every client sees each fix (exactly or as an area).
Latency runs from the writing instance's after-commit publication of the fix to each client's
\`message\` event; the clients run in a child process (\`bench/fanout-clients.ts\`), both sides stamping
milliseconds since the epoch. On PostgreSQL the fixes go through instance A and the clients are on
instance B, which learns of them by \`NOTIFY\` and reads the event log. The baseline, in the same run, is a
bare \`ws\` server sending one message to the same 1,000 clients. Five fixes (and five messages) go first,
uncounted: the first ones pay for compiling the path, and with 100 fixes the p99 is the tail of the
second-worst fix. Server CPU is the process's (on PostgreSQL both instances', which share it). On a
loaded 2-core machine every p99, the baseline's too, swings from run to run (40 to 200 ms at load
averages of 4 to 8): read the ratios and the CPU, and the load average beside them.
The roll-call row ⁷ (\`bench/rollcall.ts\`, runnable alone with \`npx tsx bench/rollcall.ts\`) connects
1,000 protected persons to \`GET /api/v1/stream\`, each a person user of their own assigned to one site,
then records an incident over HTTP 1 km from the site; its event starts the roll-call (the snapshot of the
1,000 expected, their links and waves, in one write) and each person's stream sends them the question.
Latency runs from just before the incident's POST to each client's \`message\` event (the same child
process of clients as the fan-out rows). The load average is the machine's at the start, from /proc/loadavg.
`;
writeFileSync('docs/BENCHMARKS.md', text);
process.stdout.write(table.join('\n') + '\n');
