// The read path over real sockets (issue 8, part 12): a bare Fastify GET, JSMS's `/healthz`,
// `GET /api/v1/me` with an API token, and a page of 50 persons of the partner party seen by a host
// coordinator (so the sharing rules withhold and coarsen), each loaded by 50 keep-alive clients
// from another process. The server logs at the default level, to /dev/null. Runs in `npm run bench`, or alone:
//   npx tsx bench/read-path.ts            (BENCH_READ_SECONDS, BENCH_READ_ROUNDS to change)
// To profile the server on one read (bare, health, me or persons):
//   BENCH_READ_ONLY=persons node --cpu-prof --import tsx bench/read-path.ts
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import type { SystemActor } from '../src/access/actor.js';
import { putAgreementInForce } from '../test/helpers/agreement.js';
import { createTestApp } from '../test/helpers/app.js';
import type { LoadPlan } from './load.js';
import { devNull, loadFrom } from './load-process.js';

const system: SystemActor = { type: 'system', id: 'bench', partyId: null };
const connections = 50;

interface Row {
  backend: string;
  measure: string;
  value: string;
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : Math.round(value).toString());

/** Measures the three reads `rounds` times, interleaved, on SQLite; one row per read and round. */
export async function benchReadPath(
  options: { seconds?: number; rounds?: number; persons?: number } = {},
): Promise<Row[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_READ_SECONDS ?? 5);
  const rounds = options.rounds ?? Number(process.env.BENCH_READ_ROUNDS ?? 1);
  const personCount = options.persons ?? 500;
  const log = devNull();
  const t = await createTestApp({}, { logStream: log.stream });
  await putAgreementInForce(t);
  await t.services.persons.createMany(
    system,
    Array.from({ length: personCount }, (_, i) => ({
      partyId: 'cso',
      name: `Person ${String(i).padStart(5, '0')}`,
      nativeName: '王伟',
      nationality: 'CN',
      passportNumber: `E${String(i).padStart(8, '0')}`,
      employer: 'Demo Hydro',
      phone: `+92 300 ${1_000_000 + i}`,
      emergencyContact: 'Li Na, wife, +86 138 0000 0000',
      bloodGroup: 'O+' as const,
      status: 'in_country' as const,
    })),
  );
  const jsms = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  await bare.listen({ host: '127.0.0.1', port: 0 });

  const plan = (port: number, path: string, token?: string): LoadPlan => ({
    host: '127.0.0.1',
    port,
    path,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    connections,
    warmupMs: 1000,
    durationMs: seconds * 1000,
  });
  const reads = [
    {
      key: 'bare',
      name: 'bare Fastify GET, one route',
      plan: plan((bare.server.address() as AddressInfo).port, '/'),
    },
    {
      key: 'health',
      name: "GET /healthz: JSMS's hooks and headers, no credential, no database",
      plan: plan(Number(new URL(jsms).port), '/healthz'),
    },
    {
      key: 'me',
      name: 'GET /api/v1/me with an API token',
      plan: plan(Number(new URL(jsms).port), '/api/v1/me', t.users['ssd:admin']!.token),
    },
    {
      key: 'persons',
      // The same page each time: after the first, served from the kept page while no write intervenes.
      name: "GET /api/v1/persons?limit=50: the partner's persons as the host's coordinator sees them (repeated: a kept page)",
      plan: plan(Number(new URL(jsms).port), '/api/v1/persons?limit=50', t.users['ssd:coordinator']!.token),
    },
  ];
  const only = process.env.BENCH_READ_ONLY;
  const chosen = only ? reads.filter((r) => r.key === only) : reads;
  const rows: Row[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      let bareRate = 0;
      for (const read of chosen) {
        const cpu = process.cpuUsage();
        const result = await loadFrom(read.plan);
        const used = process.cpuUsage(cpu);
        // CPU time per answer in this (the server's) process: steadier than rates on a shared machine.
        const cpuPerRequest = (used.user + used.system) / result.total;
        const rate = result.requests / result.seconds;
        if (read === reads[0]) bareRate = rate;
        const ratio = read === reads[0] || !bareRate ? '' : ` (${(rate / bareRate).toPrecision(2)}× bare)`;
        rows.push({
          backend: 'sqlite',
          measure: `${read.name}; ${connections} keep-alive clients over loopback${rounds > 1 ? `, round ${round}` : ''}`,
          value: `${Math.round(rate).toLocaleString('en')} /s${ratio}; p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms; server CPU ${Math.round(cpuPerRequest)} µs a request`,
        });
      }
    }
  } finally {
    await bare.close();
    await t.close();
    log.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchReadPath();
  process.stdout.write(rows.map((r) => `| ${r.measure} | ${r.value} |`).join('\n') + '\n');
}
