// Fan-out of the live stream (issue 12): 1,000 WebSocket clients on `GET /api/v1/stream`, then fixes
// ingested one at a time over HTTP (`POST /ingest/owntracks`); for every client, the time from the
// fix's commit to its frame's arrival. The clock starts when the instance that wrote the fix
// publishes it on its bus, which happens after commit; it stops when a client's `message` event
// fires. Each client is a user of its own, as operators are, in eight roles of both parties (the
// partner's five staff roles see the person exactly, the host's coordinator, commander and analyst
// as an area), so frames are built for more than one kind of viewer. Twice: on SQLite, one instance; on PostgreSQL, ingest through instance A
// and the clients on instance B. Baseline in the same run: a bare `ws` server sending one message
// to 1,000 clients, measured the same way. The clients live in a child process
// (bench/fanout-clients.ts); times are taken as milliseconds since the epoch on both sides.
// `npx tsx bench/fanout.ts` (BENCH_DATABASE_URL for another PostgreSQL; BENCH_FANOUT_EVENTS,
// BENCH_FANOUT_CLIENTS).
import os from 'node:os';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Role, SystemActor } from '../src/access/actor.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import type { ClientsCommand, ClientsReply } from './fanout-clients.js';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/database.js';
import { connectDatabase } from '../src/platform/db/connect.js';
import { putAgreementInForce } from '../test/helpers/agreement.js';
import { createTestApp, type TestApp } from '../test/helpers/app.js';
import { createDevice } from '../test/helpers/routes.js';

interface Row {
  backend: string;
  measure: string;
  value: string;
}

const events = Number(process.env.BENCH_FANOUT_EVENTS ?? 100);
/** Messages first sent and not counted, on both sides: the first few pay for compiling the path. */
const warmup = 5;
const clientCount = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const system: SystemActor = { type: 'system', id: 'bench', partyId: null };
const defaultUrl = 'postgresql://postgres@127.0.0.1:5432/test';
/** Every one of these sees the partner's person: a frame per event reaches every client. */
const viewers = [
  'cso:admin',
  'cso:coordinator',
  'cso:commander',
  'cso:analyst',
  'cso:observer',
  'ssd:coordinator',
  'ssd:commander',
  'ssd:analyst',
];

const clientsScript = fileURLToPath(new URL('./fanout-clients.ts', import.meta.url));
/** Milliseconds since the epoch, comparable with the clients' process (bench/fanout-clients.ts). */
export const now = () => performance.timeOrigin + performance.now();

/** The clients, in a child process: `next()` resolves with each client's arrival time of its next message. */
export class Clients {
  private readonly child: ChildProcess;
  private readonly replies: ClientsReply[] = [];
  private waiter: (() => void) | null = null;

  constructor() {
    // The loader flags carry over (tsx).
    this.child = spawn(process.execPath, [...process.execArgv, clientsScript], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: ClientsReply) => {
      this.replies.push(message);
      this.waiter?.();
    });
  }

  private async reply<T extends ClientsReply['type']>(type: T): Promise<Extract<ClientsReply, { type: T }>> {
    for (;;) {
      const next = this.replies.shift();
      if (next) {
        if (next.type !== type) throw new Error(`the clients said ${next.type}, not ${type}`);
        return next as Extract<ClientsReply, { type: T }>;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Opens one client per entry of `headers` (resolves when each has had its first message). */
  async open(url: string, headers: Record<string, string>[]): Promise<void> {
    this.child.send({ type: 'open', url, headers } satisfies ClientsCommand);
    await this.reply('opened');
  }

  async next(): Promise<number[]> {
    return (await this.reply('arrivals')).at;
  }

  async close(): Promise<void> {
    this.child.send({ type: 'close' } satisfies ClientsCommand);
    await this.reply('closed');
  }
}

/** The machine's one-minute load average: the figures are only as steady as it is. */
const loadAverage = () => os.loadavg()[0]!.toFixed(1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Latencies {
  p50: number;
  p99: number;
  max: number;
  deliveries: number;
}

function summarise(latencies: number[]): Latencies {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    deliveries: sorted.length,
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const describe = (l: Latencies) =>
  `p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (${l.deliveries.toLocaleString('en')} deliveries)`;

/** The bare `ws` server: one message to every client, `events` times; from the first send's start. */
async function baseline(): Promise<{ latencies: Latencies; cpu: number }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => socket.send('{"type":"hello"}'));
  const { port } = server.address() as { port: number };
  const clients = new Clients();
  await clients.open(
    `ws://127.0.0.1:${port}`,
    Array.from({ length: clientCount }, () => ({})),
  );
  const latencies: number[] = [];
  const frame = JSON.stringify({ type: 'position', seq: 0, subject: { pad: 'x'.repeat(300) } });
  let cpu = process.cpuUsage();
  for (let i = -warmup; i < events; i++) {
    if (i === 0) cpu = process.cpuUsage();
    const arrived = clients.next();
    const start = now();
    for (const socket of server.clients) socket.send(frame);
    const got = await arrived;
    if (i >= 0) for (const at of got) latencies.push(at - start);
  }
  const used = process.cpuUsage(cpu);
  await clients.close();
  await new Promise((resolve) => server.close(resolve));
  return { latencies: summarise(latencies), cpu: (used.user + used.system) / 1000 / events };
}

/** Clients on `on`'s stream, fixes ingested through `t` one at a time; from commit to arrival. */
async function fanOut(t: TestApp, on: FastifyInstance): Promise<{ latencies: Latencies; cpu: number }> {
  const device = await createDevice(t, 'cso');
  const { port } = on.server.address() as { port: number };
  const clients = new Clients();
  await clients.open(
    `ws://127.0.0.1:${port}/api/v1/stream`,
    (await operators(t)).map((token) => ({ authorization: `Bearer ${token}` })),
  );
  const ingest = t.app.server.address() as { port: number };
  let committed = 0;
  const stop = t.services.events.on('position.recorded', () => {
    committed = now();
  });
  const base = Math.floor(t.clock.now().getTime() / 1000) - events - warmup;
  const latencies: number[] = [];
  let cpu = process.cpuUsage();
  for (let i = -warmup; i < events; i++) {
    if (i === 0) cpu = process.cpuUsage();
    const arrived = clients.next();
    const res = await fetch(`http://127.0.0.1:${ingest.port}/ingest/owntracks`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`phone:${device.token}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ _type: 'location', lat: 24.86 + i * 1e-4, lon: 67.01, tst: base + warmup + i }),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
    await res.text();
    const got = await arrived;
    if (i >= 0) for (const at of got) latencies.push(at - committed);
  }
  const used = process.cpuUsage(cpu);
  stop();
  await clients.close();
  return { latencies: summarise(latencies), cpu: (used.user + used.system) / 1000 / events };
}

/** One user per client, as operators are, their roles taken in turn from `viewers`: API tokens. */
async function operators(t: TestApp): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < clientCount; i++) {
    const [partyId, role] = viewers[i % viewers.length]!.split(':') as [string, Role];
    const { user } = await t.services.users.create(system, {
      partyId,
      username: `operator-${i}`,
      displayName: `Operator ${i}`,
      roles: [role],
      password: 'bench-password-1234',
    });
    tokens.push((await t.services.tokens.createApiToken(system, { userId: user.id, name: 'bench' })).secret);
  }
  return tokens;
}

async function listening(t: TestApp): Promise<void> {
  await putAgreementInForce(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  await t.services.eventFollower.start();
}

/** The fan-out rows: the bare baseline, one SQLite instance, and two instances on PostgreSQL. */
export async function benchFanout(): Promise<Row[]> {
  const rows: Row[] = [];
  const bare = await baseline();
  rows.push({
    backend: 'memory',
    measure: `baseline: a bare \`ws\` server sends one message to ${clientCount.toLocaleString('en')} clients, ${events} times after ${warmup} uncounted ⁶`,
    value: `${describe(bare.latencies)}; server CPU ${bare.cpu.toFixed(1)} ms a message to all`,
  });
  const ratio = (run: { latencies: Latencies; cpu: number }) =>
    `${(run.latencies.p50 / bare.latencies.p50).toFixed(1)}× the bare p50, ${(run.latencies.p99 / bare.latencies.p99).toFixed(1)}× its p99, ` +
    `${(run.cpu / bare.cpu).toFixed(1)}× its CPU`;

  delete process.env.TEST_DATABASE_URL;
  const t = await createTestApp({ logLevel: 'silent' });
  await listening(t);
  const one = await fanOut(t, t.app);
  await t.close();
  rows.push({
    backend: 'sqlite',
    measure: `stream fan-out: a fix ingested over HTTP to ${clientCount.toLocaleString('en')} stream clients (a user each, 8 roles of both parties), ${events} fixes one at a time after ${warmup} uncounted; commit to arrival ⁶`,
    value: `${describe(one.latencies)}; CPU ${one.cpu.toFixed(1)} ms a fix (ingest included); ${ratio(one)}; load average ${loadAverage()}`,
  });

  process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? defaultUrl;
  const a = await createTestApp({ logLevel: 'silent' });
  const handle = await connectDatabase<Database>({
    dataDir: a.database.dataDir,
    databaseUrl: a.database.databaseUrl,
  });
  const b = await buildApp({
    db: handle.db,
    clock: a.clock,
    config: a.config,
    logStream: new Writable({ write: (_c, _e, done) => done() }),
  });
  try {
    await listening(a);
    await b.listen({ port: 0, host: '127.0.0.1' });
    await b.services.eventFollower.start();
    const two = await fanOut(a, b);
    rows.push({
      backend: 'postgres',
      measure: `the same across two instances: ingest through A, the ${clientCount.toLocaleString('en')} clients on B (LISTEN/NOTIFY, then B reads the log) ⁶`,
      value: `${describe(two.latencies)}; CPU ${two.cpu.toFixed(1)} ms a fix (both instances); ${ratio(two)}; load average ${loadAverage()}`,
    });
  } finally {
    await b.close();
    await handle.close();
    await a.close();
    delete process.env.TEST_DATABASE_URL;
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await benchFanout())
    process.stdout.write(`| ${row.backend} | ${row.measure} | ${row.value} |\n`);
}
