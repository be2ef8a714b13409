// How many event-appending transactions a second the event log takes: its one counter row,
// locked until commit, serialises writers. Beside it, in the same run, the same transactions
// writing one row with no shared lock (the baseline), and big batches (the position ingest).
//
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/event-log.ts
//
// Without BENCH_DATABASE_URL it runs on SQLite. BENCH_SECONDS sets each measure's length (default 5).
import os from 'node:os';
import { sql } from 'kysely';
import type { Database } from '../src/database.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { EventLog } from '../src/platform/event-log.js';
import { createTestDatabase } from '../test/helpers/database.js';

interface BenchEvents {
  'bench.happened': { client: number; i: number };
}

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.TEST_DATABASE_URL;

const database = await createTestDatabase();
const { db, dialect } = database;
const log = new EventLog<BenchEvents, Database>({ db, dialect });
await sql`create table bench_rows (id bigint primary key, body text not null)`.execute(db);

/** Runs `clients` loops of `work` for the set time; returns transactions per second. */
async function measure(clients: number, work: (client: number, i: number) => Promise<void>): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  const counts = await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      let n = 0;
      while (performance.now() < until) await work(client, n++);
      return n;
    }),
  );
  return (counts.reduce((a, b) => a + b, 0) / (performance.now() - start)) * 1000;
}

let nextId = 0;
const at = new Date();
const oneRow = (client: number, i: number) =>
  inTransaction(db, async (tx) => {
    await sql`insert into bench_rows (id, body) values (${nextId++}, ${JSON.stringify({ client, i })})`.execute(
      tx,
    );
  });
const oneEvent = (client: number, i: number) =>
  inTransaction(db, async (tx) => {
    await sql`insert into bench_rows (id, body) values (${nextId++}, ${JSON.stringify({ client, i })})`.execute(
      tx,
    );
    log.appendAtCommit(tx, [{ name: 'bench.happened', payload: { client, i } }], at);
  });
const batchOf = (size: number) => (client: number, i: number) =>
  inTransaction(db, async (tx) => {
    log.appendAtCommit(
      tx,
      Array.from({ length: size }, (_, k) => ({
        name: 'bench.happened' as const,
        payload: { client, i: i * size + k },
      })),
      at,
    );
  });

const lines: string[] = [];
const rate = (n: number) => Math.round(n).toLocaleString('en');
for (const clients of dialect === 'postgres' ? [1, 8, 32] : [1, 8]) {
  const baseline = await measure(clients, oneRow);
  const events = await measure(clients, oneEvent);
  lines.push(
    `${clients} client(s): one row ${rate(baseline)} tx/s; one row + one event ${rate(events)} tx/s (${(events / baseline).toFixed(2)}×)`,
  );
}
const batch = 500;
const batches = await measure(8, batchOf(batch));
lines.push(
  `8 clients, ${batch} events per transaction: ${rate(batches)} tx/s, ${rate(batches * batch)} events/s`,
);
const { first, last } = await log.bounds();
const read = await log.read(first - 1, 1_000_000);
if (read.length !== last - first + 1 || read.some((e, k) => e.seq !== first + k))
  throw new Error('gap in the log');

process.stdout.write(
  `${dialect} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${seconds} s each\n` +
    lines.join('\n') +
    `\n${rate(last)} events, numbered without a gap\n`,
);
await database.destroy();
