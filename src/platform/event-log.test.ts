import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { testDatabaseUrl } from '../../test/helpers/database.js';
import { useTestDatabase } from '../../test/helpers/use-test-app.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { inTransaction } from './db/transaction.js';
import { EventFollower } from './event-follower.js';
import { EventLog, type LoggedEvent } from './event-log.js';

interface TestEvents {
  'thing.happened': { n: number };
  'thing.noted': { text: string };
}

type Log = EventLog<TestEvents, Database>;
type Logged = LoggedEvent<TestEvents>;

const database = useTestDatabase();
const at = new Date('2026-12-07T10:00:00.000Z');
const happened = (n: number) => ({ name: 'thing.happened' as const, payload: { n } });

let log: Log;
const followers: EventFollower<TestEvents, Database>[] = [];

beforeEach(async () => {
  // One log per test, from nothing.
  await database.db.deleteFrom('event_log').execute();
  await database.db.updateTable('event_log_head').set({ last_seq: 0 }).execute();
  log = new EventLog<TestEvents, Database>({ db: database.db, dialect: database.dialect });
});
afterEach(async () => {
  await Promise.all(followers.splice(0).map((f) => f.stop()));
});

/** A started follower of `of` that keeps what it is handed; the slow poll left out of the picture. */
async function follower(of: Log, options: { since?: number } = {}) {
  const seen: Logged[] = [];
  const f = new EventFollower<TestEvents, Database>({
    log: of,
    listenUrl: database.databaseUrl,
    pollMs: 3_600_000,
    reconnectMs: 20,
    ...options,
  });
  f.follow((event) => seen.push(event));
  followers.push(f);
  await f.start();
  return { f, seen };
}

const seqs = (events: { seq: number }[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A promise with its resolve function, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('the event log', () => {
  it('numbers the events of one append consecutively from 1 and reads them back from any since', async () => {
    const appended = await inTransaction(database.db, (tx) =>
      log.append(tx, [happened(1), { name: 'thing.noted', payload: { text: 'ü' } }, happened(3)], at),
    );
    expect(appended).toEqual({ first: 1, last: 3 });
    expect(await log.read(0, 100)).toEqual([
      { seq: 1, name: 'thing.happened', payload: { n: 1 }, at: at.toISOString() },
      { seq: 2, name: 'thing.noted', payload: { text: 'ü' }, at: at.toISOString() },
      { seq: 3, name: 'thing.happened', payload: { n: 3 }, at: at.toISOString() },
    ]);
    expect(seqs(await log.read(1, 100))).toEqual([2, 3]);
    expect(seqs(await log.read(0, 2))).toEqual([1, 2]);
    expect(await log.read(3, 100)).toEqual([]);
    expect(await log.bounds()).toEqual({ first: 1, last: 3 });
    expect(await inTransaction(database.db, (tx) => log.append(tx, [], at))).toBeNull();
  });

  it('appends what a transaction queued in one run of numbers, just before it commits', async () => {
    await inTransaction(database.db, async (tx) => {
      log.appendAtCommit(tx, [happened(1)], at);
      // Another write joining the transaction queues into the same append.
      await inTransaction(database.db, async (inner) => log.appendAtCommit(inner, [happened(2)], at));
      log.appendAtCommit(tx, [happened(3), happened(4)], at);
      expect(await tx.selectFrom('event_log').selectAll().execute()).toEqual([]);
    });
    expect((await log.read(0, 100)).map((e) => [e.seq, e.payload])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
      [4, { n: 4 }],
    ]);
  });

  it('appends hundreds of events in one transaction, in the order given', async () => {
    const many = range(1, 2_500).map(happened);
    await inTransaction(database.db, async (tx) => log.appendAtCommit(tx, many, at));
    const read = await log.read(0, 5_000);
    expect(seqs(read)).toEqual(range(1, 2_500));
    expect(read.map((e) => (e.payload as { n: number }).n)).toEqual(range(1, 2_500));
  });

  it('keeps no event and no number of a transaction that rolls back', async () => {
    const refused = inTransaction(database.db, async (tx) => {
      await log.append(tx, [happened(1), happened(2)], at);
      throw new Error('refused');
    });
    await expect(refused).rejects.toThrow('refused');
    const queued = inTransaction(database.db, async (tx) => {
      log.appendAtCommit(tx, [happened(3)], at);
      throw new Error('refused too');
    });
    await expect(queued).rejects.toThrow('refused too');
    await inTransaction(database.db, async (tx) => log.append(tx, [happened(4)], at));
    expect((await log.read(0, 100)).map((e) => [e.seq, e.payload])).toEqual([[1, { n: 4 }]]);
  });

  it('stays gap-free under concurrent writers, each transaction one run, a rolled-back one leaving nothing', async () => {
    const writers = 8;
    const perWriter = 5;
    const results = await Promise.allSettled(
      range(1, writers).map((w) =>
        inTransaction(database.db, async (tx) => {
          for (let i = 0; i < perWriter; i++) {
            log.appendAtCommit(tx, [happened(w * 100 + i)], at);
            // Each queues over several turns, so that the writers interleave.
            await tx.selectFrom('event_log_head').select('last_seq').execute();
          }
          if (w === 3) throw new Error('writer 3 rolls back');
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const read = await log.read(0, 1_000);
    expect(seqs(read)).toEqual(range(1, (writers - 1) * perWriter));
    const writerOf = (e: Logged) => Math.floor((e.payload as { n: number }).n / 100);
    expect(read.some((e) => writerOf(e) === 3)).toBe(false);
    // Each transaction's events are one run, in the order it queued them.
    for (let start = 0; start < read.length; start += perWriter) {
      const run = read.slice(start, start + perWriter);
      expect(new Set(run.map(writerOf)).size).toBe(1);
      expect(run.map((e) => (e.payload as { n: number }).n % 100)).toEqual(range(0, perWriter - 1));
    }
  });

  it('purges events older than the cut, keeping one unbroken run of numbers', async () => {
    const hour = (h: number) => new Date(Date.UTC(2026, 11, 7, h));
    for (const h of [1, 2, 3, 4]) {
      await inTransaction(database.db, (tx) => log.append(tx, [happened(h), happened(h)], hour(h)));
    }
    expect(await log.purge(hour(1))).toBe(0);
    expect(await log.purge(hour(3))).toBe(4);
    expect(await log.bounds()).toEqual({ first: 5, last: 8 });
    expect(seqs(await log.read(0, 100))).toEqual([5, 6, 7, 8]);
    expect(await log.purge(hour(5))).toBe(4);
    // Empty, the numbering goes on from where it was.
    expect(await log.bounds()).toEqual({ first: 9, last: 8 });
    await inTransaction(database.db, (tx) => log.append(tx, [happened(9)], hour(5)));
    expect(seqs(await log.read(0, 100))).toEqual([9]);
  });
});

describe('a follower', () => {
  it('hands every later event to its listeners once, in order, woken by the commits', async () => {
    await inTransaction(database.db, (tx) => log.append(tx, [happened(0)], at));
    const { f, seen } = await follower(log);
    // It starts from the newest event: what came before is not news.
    expect(f.lastSeq).toBe(1);
    await Promise.all(
      range(1, 6).map((w) =>
        inTransaction(database.db, async (tx) => log.appendAtCommit(tx, [happened(w), happened(w)], at)),
      ),
    );
    await f.reached(13);
    expect(seqs(seen)).toEqual(range(2, 13));
    expect(seen).toEqual(await log.read(1, 100));
  });

  it('started from a given number, hands out exactly what followed it, and only once when woken twice', async () => {
    await inTransaction(database.db, (tx) => log.append(tx, range(1, 5).map(happened), at));
    const { f, seen } = await follower(log, { since: 2 });
    await f.reached(5);
    await Promise.all([f.wake(), f.wake(), f.wake(5)]);
    expect(seqs(seen)).toEqual([3, 4, 5]);
  });

  it('resumes with a new follower from the last number the stopped one handed out', async () => {
    const first = await follower(log);
    await inTransaction(database.db, (tx) => log.append(tx, [happened(1), happened(2)], at));
    await first.f.reached(2);
    await first.f.stop();
    await inTransaction(database.db, (tx) => log.append(tx, [happened(3)], at));
    await inTransaction(database.db, (tx) => log.append(tx, [happened(4)], at));
    expect(seqs(first.seen)).toEqual([1, 2]);
    const second = await follower(log, { since: first.f.lastSeq });
    await second.f.reached(4);
    expect(seqs(second.seen)).toEqual([3, 4]);
  });
});

/** Resolves once a condition read from the database holds; the test's own time-out bounds it. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

// Two connections of their own, as two instances have: the second has its own pool.
describe.skipIf(!testDatabaseUrl)('on PostgreSQL, across connections', () => {
  let other: DatabaseHandle<Database>;
  let otherLog: Log;
  beforeAll(async () => {
    other = await connectDatabase<Database>({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
  });
  beforeEach(() => {
    otherLog = new EventLog<TestEvents, Database>({ db: other.db, dialect: 'postgres' });
  });
  afterAll(async () => {
    await other.close();
  });

  /**
   * Opens a transaction on the first connection that appends `events` and then waits, holding the
   * counter's lock, until `finish` is called with whether to commit; resolves once it has appended.
   */
  async function heldAppend(n: number) {
    const held = gate();
    const appended = gate();
    let pid = 0;
    let commit = true;
    const done = inTransaction(database.db, async (tx) => {
      pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
      await log.append(tx, [happened(n)], at);
      appended.open();
      await held.opened;
      if (!commit) throw new Error('rolled back');
    });
    await appended.opened;
    return {
      pid,
      done,
      finish(commits: boolean) {
        commit = commits;
        held.open();
      },
    };
  }

  /** Whether some connection waits for `pid`'s locks. */
  const blockedBy = (pid: number) => async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where ${pid} = any(pg_blocking_pids(pid))`.execute(database.db);
    return rows[0]!.n > 0;
  };

  it('numbers in commit order: a second writer waits at the counter until the first commits', async () => {
    const first = await heldAppend(1);
    const second = inTransaction(other.db, (tx) => otherLog.append(tx, [happened(2)], at));
    await until(blockedBy(first.pid));
    // Neither is visible yet: a reader cannot see a later number before an earlier one.
    expect(await log.read(0, 10)).toEqual([]);
    first.finish(true);
    await first.done;
    expect(await second).toEqual({ first: 2, last: 2 });
    expect((await log.read(0, 10)).map((e) => [e.seq, e.payload])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
    ]);
  });

  it('gives the numbers of a writer that rolls back to the one waiting behind it: no gap', async () => {
    const first = await heldAppend(1);
    const second = inTransaction(other.db, (tx) => otherLog.append(tx, [happened(2)], at));
    await until(blockedBy(first.pid));
    first.finish(false);
    await expect(first.done).rejects.toThrow('rolled back');
    expect(await second).toEqual({ first: 1, last: 1 });
    expect((await log.read(0, 10)).map((e) => [e.seq, e.payload])).toEqual([[1, { n: 2 }]]);
  });

  it('wakes a follower on another connection by the notification, and after its connection is cut it reads what it missed', async () => {
    const errors: unknown[] = [];
    const f = new EventFollower<TestEvents, Database>({
      log: otherLog,
      listenUrl: database.databaseUrl,
      pollMs: 3_600_000,
      reconnectMs: 20,
      report: (error) => errors.push(error),
    });
    followers.push(f);
    const seen: Logged[] = [];
    f.follow((event) => seen.push(event));
    await f.start();
    // Written through the first connection's log: only the notification can wake the follower.
    await inTransaction(database.db, (tx) => log.append(tx, [happened(1)], at));
    await f.reached(1);
    const cut = f.listenerPid!;
    await sql`select pg_terminate_backend(${cut})`.execute(database.db);
    await inTransaction(database.db, (tx) => log.append(tx, [happened(2), happened(3)], at));
    await f.reached(3);
    expect(seqs(seen)).toEqual([1, 2, 3]);
    expect(f.listenerPid).not.toBe(cut);
    expect(errors.length).toBeGreaterThan(0);
  });
});
