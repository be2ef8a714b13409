// Roll-call reach (issue 13): 1,000 protected persons, each a person user of their own connected to
// `GET /api/v1/stream` (their stream carries only their own questions), all assigned to one site;
// then an incident recorded over HTTP (`POST /api/v1/incidents`) 1 km from the site. The incident's
// event starts a roll-call (radius by its toll), which takes the snapshot of the 1,000 expected,
// stores them with their links and waves, and publishes `rollcall.started`; each person's stream
// sends them the question. Latency runs from just before the incident's POST to each client's
// `message` event (the clients are bench/fanout-clients.ts, in a child process, both sides stamping
// milliseconds since the epoch). A few rounds, each a new incident near the same people.
// `npx tsx bench/rollcall.ts` (BENCH_ROLLCALL_CLIENTS, BENCH_ROLLCALL_ROUNDS).
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { SystemActor } from '../src/access/actor.js';
import { putAgreementInForce } from '../test/helpers/agreement.js';
import { createTestApp, testPassword } from '../test/helpers/app.js';
import { Clients, now } from './fanout.js';

const clientCount = Number(process.env.BENCH_ROLLCALL_CLIENTS ?? 1000);
const rounds = Number(process.env.BENCH_ROLLCALL_ROUNDS ?? 3);
const system: SystemActor = { type: 'system', id: 'bench', partyId: null };
const camp = { lat: 33.7, lon: 73.05 };

/** The machine's one-minute load average, as /proc/loadavg gives it. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
  } catch {
    return os.loadavg()[0]!.toFixed(2);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchRollcall(): Promise<{ backend: string; measure: string; value: string }[]> {
  delete process.env.TEST_DATABASE_URL;
  const t = await createTestApp({ logLevel: 'silent' });
  try {
    await putAgreementInForce(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.services.eventFollower.start();
    const site = await t.services.sites.create(system, {
      partyId: 'cso',
      name: 'Camp',
      kind: 'camp',
      ...camp,
      protectionLevel: 4,
    });
    const headers: Record<string, string>[] = [];
    for (let i = 0; i < clientCount; i++) {
      const person = await t.services.persons.create(system, {
        partyId: 'cso',
        name: `Person ${i}`,
        nationality: 'CN',
        status: 'in_country',
        siteId: site.id,
      });
      const { user } = await t.services.users.create(system, {
        partyId: 'cso',
        username: `person-${i}`,
        displayName: `Person ${i}`,
        roles: ['person'],
        password: testPassword,
        personId: person.id,
      });
      const { secret } = await t.services.tokens.createApiToken(system, { userId: user.id, name: 'bench' });
      headers.push({ authorization: `Bearer ${secret}` });
    }
    const { port } = t.app.server.address() as { port: number };
    const clients = new Clients();
    await clients.open(`ws://127.0.0.1:${port}/api/v1/stream`, headers);
    const latencies: number[] = [];
    const starts: number[] = [];
    const load = loadAverage();
    for (let round = 0; round < rounds; round++) {
      const arrived = clients.next();
      const start = now();
      const res = await t.request('ssd:analyst', {
        method: 'POST',
        url: '/api/v1/incidents',
        payload: {
          date: t.clock.now().toISOString().slice(0, 10),
          province: 'Islamabad',
          lat: camp.lat + 0.009 + round * 0.0001,
          lon: camp.lon,
          type: 'ied',
          wounded: { best: 1 },
          status: 'reported',
        },
      });
      if (res.statusCode !== 201) throw new Error(`the incident was refused: ${res.body}`);
      for (const at of await arrived) latencies.push(at - start);
      starts.push(start);
    }
    await clients.close();
    const sorted = latencies.sort((a, b) => a - b);
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    return [
      {
        backend: 'sqlite',
        measure: `roll-call reach: an incident recorded over HTTP 1 km from ${clientCount.toLocaleString('en')} persons to the question on each one's own stream (a person user each), ${rounds} incidents ⁷`,
        value: `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1)!)} (${sorted.length.toLocaleString('en')} deliveries); load average ${load} (/proc/loadavg)`,
      },
    ];
  } finally {
    await t.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await benchRollcall())
    process.stdout.write(`| ${row.backend} | ${row.measure} | ${row.value} |\n`);
}
