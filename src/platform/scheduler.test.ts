import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import type { Database } from '../database.js';
import { ManualClock } from './clock.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { Scheduler, retryDelayMs } from './scheduler.js';

let database: TestDatabase;
/** A second connection to the same database: another server instance. */
let other: DatabaseHandle<Database>;
let clock: ManualClock;

beforeAll(async () => {
  database = await createTestDatabase();
  other = await connectDatabase<Database>({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
});

afterAll(async () => {
  await other.close();
  await database.destroy();
});

beforeEach(async () => {
  clock = new ManualClock('2026-12-01T08:00:00.000Z');
  await database.db.deleteFrom('scheduled_jobs').execute();
});

function scheduler(handle: DatabaseHandle<Database> = database, name = 'a') {
  return new Scheduler({ db: handle.db, dialect: handle.dialect, clock, instance: name });
}

const minutes = (n: number) => n * 60_000;
const later = (ms: number) => new Date(clock.now().getTime() + ms);

async function jobs() {
  return database.db
    .selectFrom('scheduled_jobs')
    .select(['kind', 'status', 'attempts', 'due_at', 'last_error', 'job_key'])
    .orderBy('due_at')
    .execute();
}

describe('Scheduler', () => {
  it('runs a job when the clock reaches its due time, and only once', async () => {
    const s = scheduler();
    const ran: unknown[] = [];
    s.handle<{ movement: string }>('approval.timeout', async (job) => {
      ran.push([job.payload, job.now.toISOString(), job.attempt]);
    });
    await s.schedule(database.db, {
      kind: 'approval.timeout',
      dueAt: later(minutes(10)),
      payload: { movement: 'm-1' },
    });
    expect(await s.runDue()).toBe(0);
    clock.advance(minutes(10) - 1);
    expect(await s.runDue()).toBe(0);
    clock.advance(1);
    expect(await s.runDue()).toBe(1);
    expect(ran).toEqual([[{ movement: 'm-1' }, '2026-12-01T08:10:00.000Z', 1]]);
    expect(await s.runDue()).toBe(0);
    expect(await jobs()).toMatchObject([{ status: 'done', attempts: 1 }]);
  });

  it('runs at start the work that fell due while no server was up', async () => {
    const before = scheduler(database, 'before');
    await before.schedule(database.db, { kind: 'device.silent', dueAt: later(minutes(30)) });
    await before.stop();
    // The server is down for two hours; another instance starts.
    clock.advance(minutes(120));
    const after = scheduler(other, 'after');
    const ran: string[] = [];
    after.handle('device.silent', async (job) => {
      ran.push(job.dueAt);
    });
    await after.start({ pollMs: 60_000 });
    await after.stop();
    expect(ran).toEqual(['2026-12-01T08:30:00.000Z']);
  });

  it('keeps one next run of a recurring job, scheduled from the end of each run', async () => {
    const s = scheduler();
    let runs = 0;
    s.every('audit.checkpoint', minutes(60), async () => {
      runs += 1;
    });
    await s.start({ pollMs: 60_000 });
    await s.stop();
    expect(runs).toBe(0);
    expect(await jobs()).toMatchObject([
      { status: 'pending', job_key: 'audit.checkpoint', due_at: '2026-12-01T09:00:00.000Z' },
    ]);
    // A second start (a restart) adds no second pending run.
    await s.start({ pollMs: 60_000 });
    await s.stop();
    expect((await jobs()).filter((j) => j.status === 'pending')).toHaveLength(1);
    // Down for five intervals: one catch-up run, then the next an interval after it.
    clock.advance(minutes(300));
    expect(await s.runDue()).toBe(1);
    expect(runs).toBe(1);
    expect((await jobs()).map((j) => [j.status, j.due_at])).toEqual([
      ['done', '2026-12-01T09:00:00.000Z'],
      ['pending', '2026-12-01T14:00:00.000Z'],
    ]);
  });

  it('reports a failing recurring run and schedules the next one all the same', async () => {
    const errors: string[] = [];
    const s = new Scheduler({
      db: database.db,
      dialect: database.dialect,
      clock,
      onError: (error) => errors.push((error as Error).message),
    });
    s.every('audit.checkpoint', minutes(5), async () => {
      throw new Error('no signing key');
    });
    await s.start({ pollMs: 60_000 });
    await s.stop();
    clock.advance(minutes(5));
    expect(await s.runDue()).toBe(1);
    expect(errors).toEqual(['no signing key']);
    expect((await jobs()).map((j) => j.status)).toEqual(['done', 'pending']);
  });

  it('retries a failed job later, then marks it failed after its last attempt', async () => {
    const s = new Scheduler({ db: database.db, dialect: database.dialect, clock, maxAttempts: 2 });
    let calls = 0;
    s.handle('webhook.deliver', async () => {
      calls += 1;
      throw new Error(`refused ${calls}`);
    });
    await s.schedule(database.db, { kind: 'webhook.deliver', dueAt: clock.now() });
    expect(await s.runDue()).toBe(1);
    expect(await jobs()).toMatchObject([{ status: 'pending', attempts: 1, last_error: 'refused 1' }]);
    clock.advance(retryDelayMs(1) - 1);
    expect(await s.runDue()).toBe(0);
    clock.advance(1);
    expect(await s.runDue()).toBe(1);
    expect(await jobs()).toMatchObject([{ status: 'failed', attempts: 2, last_error: 'refused 2' }]);
    clock.advance(minutes(600));
    expect(await s.runDue()).toBe(0);
  });

  it('claims again a job whose instance died while running it, once its lease is over', async () => {
    const dead = new Scheduler({ db: database.db, dialect: database.dialect, clock, instance: 'dead' });
    await dead.schedule(database.db, { kind: 'rollcall.escalate', dueAt: clock.now() });
    await database.db
      .updateTable('scheduled_jobs')
      .set({ status: 'running', claimed_by: 'dead', claimed_at: clock.now().toISOString(), attempts: 1 })
      .execute();
    const alive = new Scheduler({ db: other.db, dialect: other.dialect, clock, leaseMs: minutes(10) });
    const ran: number[] = [];
    alive.handle('rollcall.escalate', async (job) => {
      ran.push(job.attempt);
    });
    expect(await alive.runDue()).toBe(0);
    clock.advance(minutes(10) + 1);
    expect(await alive.runDue()).toBe(1);
    expect(ran).toEqual([2]);
  });

  it('runs each due job exactly once with two instances claiming at the same time', async () => {
    // On PostgreSQL each instance has its own pool. SQLite has one writer: a deployment on it is
    // one server, so there the two instances share its connection.
    const second = database.dialect === 'postgres' ? other : database;
    const instances = [scheduler(database, 'one'), scheduler(second, 'two')];
    const runs: { id: string; by: string }[] = [];
    for (const s of instances) {
      s.handle('checkin.deadline', async (job) => {
        runs.push({ id: job.id, by: s.instance });
        // Holding the claim a moment lets the other instance's claims interleave.
        await delay(1);
      });
    }
    for (let i = 0; i < 120; i++) {
      await instances[0]!.schedule(database.db, { kind: 'checkin.deadline', dueAt: clock.now(), payload: i });
    }
    const counts = await Promise.all(instances.map((s) => s.runDue()));
    expect(counts[0]! + counts[1]!).toBe(120);
    expect(new Set(runs.map((r) => r.id)).size).toBe(120);
    expect(runs).toHaveLength(120);
    expect((await jobs()).every((j) => j.status === 'done')).toBe(true);
  });
});
