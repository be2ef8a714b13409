import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Clock } from './clock.js';
import type { DialectName } from './db/connect.js';
import { inTransaction } from './db/transaction.js';
import type { ScheduledJobRow, SchedulerTables } from './scheduler.tables.js';

/** A claimed job, as its handler sees it. */
export interface Job<P = unknown> {
  id: string;
  kind: string;
  payload: P;
  dueAt: string;
  /** 1 on the first run, counting this one. */
  attempt: number;
  /** The clock's time when the job was claimed. */
  now: Date;
}

export type JobHandler<P = unknown> = (job: Job<P>) => Promise<void>;

export interface NewJob {
  kind: string;
  dueAt: Date;
  payload?: unknown;
  /** At most one pending job has this key; scheduling another while one is pending does nothing. */
  key?: string;
}

export interface SchedulerOptions<DB extends SchedulerTables> {
  db: Kysely<DB>;
  dialect: DialectName;
  clock: Clock;
  /** Names this instance in the claims it makes. */
  instance?: string;
  /** A running job whose instance has not finished it in this time is claimed again. */
  leaseMs?: number;
  /** Attempts before a failing job is marked failed. */
  maxAttempts?: number;
  /** Jobs claimed per query. */
  batch?: number;
  /** Where a handler's error goes; the job is retried later or marked failed. */
  onError?: (error: unknown, job: Job) => void;
}

const minute = 60_000;

/** Waits 30 s after a first failure, doubling each time, never more than an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** (attempt - 1), 60 * minute);
}

/**
 * Timed work as rows (`scheduled_jobs`): a job is due at a time on the `Clock`, claimed by one
 * instance only (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: its single writer), and still
 * there after a restart, so work that fell due while the server was down runs when it starts.
 * A job runs at least once and, unless its instance dies mid-run, exactly once.
 */
export class Scheduler<DB extends SchedulerTables = SchedulerTables> {
  readonly instance: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring = new Map<string, number>();
  private readonly leaseMs: number;
  /** Attempts before a failing job is marked failed (a handler may log its last as final). */
  readonly maxAttempts: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;

  /** The database as the scheduler sees it: its own table only. */
  private readonly db: Kysely<SchedulerTables>;

  constructor(private readonly options: SchedulerOptions<DB>) {
    this.db = options.db as unknown as Kysely<SchedulerTables>;
    this.instance = options.instance ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 10 * minute;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.batch = options.batch ?? 20;
    this.options.onError ??= (error, job) => console.error(`jsms: ${job.kind} job ${job.id} failed`, error);
  }

  /** Runs jobs of `kind` with `handler`. */
  handle<P>(kind: string, handler: JobHandler<P>): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for ${kind} jobs is already registered`);
    this.handlers.set(kind, handler as JobHandler);
  }

  /**
   * Runs `run` every `intervalMs`, counted from each run's end. A run missed while no server
   * was up happens once at start, not once per interval missed. A failing run is reported and
   * the next one is scheduled all the same.
   */
  every(kind: string, intervalMs: number, run: (now: Date) => Promise<void>): void {
    this.recurring.set(kind, intervalMs);
    this.handle(kind, async (job) => {
      try {
        await run(job.now);
      } catch (error) {
        this.options.onError?.(error, job);
      }
      await this.schedule(this.options.db, {
        kind,
        key: kind,
        dueAt: new Date(this.options.clock.now().getTime() + intervalMs),
      });
    });
  }

  /**
   * Adds a job through `executor`: the root handle, or the transaction of the write it belongs
   * to, so that the job exists exactly when the write does. Returns false when a pending job
   * already holds its key.
   */
  async schedule(executor: Kysely<DB>, job: NewJob): Promise<boolean> {
    const result = await (executor as unknown as Kysely<SchedulerTables>)
      .insertInto('scheduled_jobs')
      .values({
        id: randomUUID(),
        kind: job.kind,
        job_key: job.key ?? null,
        payload: JSON.stringify(job.payload ?? null),
        due_at: job.dueAt.toISOString(),
        status: 'pending',
        attempts: 0,
        claimed_by: null,
        claimed_at: null,
        last_error: null,
        created_at: this.options.clock.now().toISOString(),
        finished_at: null,
      })
      // The literal, not a parameter: SQLite matches the partial index by its predicate's text.
      .onConflict((oc) => oc.column('job_key').where('status', '=', sql.lit('pending')).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Claims and runs every job due now, batch after batch; returns how many ran. */
  runDue(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Makes sure each recurring job has its next run pending, then runs what is due (work that
   * fell due while the server was down) and polls every `pollMs` on a timer that does not keep
   * the process alive.
   */
  async start(options: { pollMs?: number } = {}): Promise<void> {
    const pollMs = options.pollMs ?? 5_000;
    this.stopped = false;
    await this.ensureRecurring();
    const tick = async () => {
      try {
        await this.runDue();
      } catch (error) {
        this.options.onError?.(error, {
          id: '',
          kind: 'scheduler',
          payload: null,
          dueAt: '',
          attempt: 0,
          now: this.options.clock.now(),
        });
      }
      if (this.stopped) return;
      this.timer = setTimeout(() => void tick(), pollMs);
      this.timer.unref();
    };
    await tick();
  }

  /**
   * Runs what is due now rather than at the next poll, for a job just scheduled that people are
   * waiting on (a notice); nothing while the scheduler is not started (a test drives it by hand).
   */
  nudge(): void {
    if (this.stopped) return;
    this.runDue().catch((error: unknown) =>
      this.options.onError?.(error, {
        id: '',
        kind: 'scheduler',
        payload: null,
        dueAt: '',
        attempt: 0,
        now: this.options.clock.now(),
      }),
    );
  }

  /** Stops polling and waits for the jobs being run. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async ensureRecurring(): Promise<void> {
    const { db } = this;
    const { clock } = this.options;
    for (const [kind, intervalMs] of this.recurring) {
      const next = new Date(clock.now().getTime() + intervalMs);
      const added = await this.schedule(this.options.db, { kind, key: kind, dueAt: next });
      // A shorter interval than the one the pending run was scheduled with takes effect now.
      if (!added) {
        await inTransaction(db, (tx) =>
          tx
            .updateTable('scheduled_jobs')
            .set({ due_at: next.toISOString() })
            .where('job_key', '=', kind)
            .where('status', '=', 'pending')
            .where('due_at', '>', next.toISOString())
            .execute(),
        );
      }
    }
  }

  private async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return ran;
      for (const row of claimed) {
        await this.run(row);
        ran += 1;
      }
    }
  }

  /** Marks due jobs of the kinds this instance handles as its own, in one statement. */
  private async claim(): Promise<ScheduledJobRow[]> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];
    const { db } = this;
    const { dialect, clock } = this.options;
    const now = clock.now();
    const at = now.toISOString();
    const leaseExpired = new Date(now.getTime() - this.leaseMs).toISOString();
    return inTransaction(db, async (tx) => {
      let due = tx
        .selectFrom('scheduled_jobs')
        .select('id')
        .where('kind', 'in', kinds)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('due_at', '<=', at)]),
            eb.and([eb('status', '=', 'running'), eb('claimed_at', '<', leaseExpired)]),
          ]),
        )
        .orderBy('due_at')
        .orderBy('id')
        .limit(this.batch);
      // Another instance's claimed rows are skipped, not waited for; SQLite has one writer anyway.
      if (dialect === 'postgres') due = due.forUpdate().skipLocked();
      return tx
        .updateTable('scheduled_jobs')
        .set((eb) => ({
          status: 'running',
          claimed_by: this.instance,
          claimed_at: at,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
    });
  }

  private async run(row: ScheduledJobRow): Promise<void> {
    const { db } = this;
    const { clock } = this.options;
    const job: Job = {
      id: row.id,
      kind: row.kind,
      payload: JSON.parse(row.payload) as unknown,
      dueAt: row.due_at,
      attempt: row.attempts,
      now: new Date(row.claimed_at!),
    };
    const handler = this.handlers.get(row.kind)!;
    let failure: unknown = null;
    try {
      await handler(job);
    } catch (error) {
      failure = error;
      this.options.onError?.(error, job);
    }
    const finishedAt = clock.now();
    const settled =
      failure === null
        ? { status: 'done' as const, finished_at: finishedAt.toISOString(), last_error: null }
        : row.attempts >= this.maxAttempts
          ? {
              status: 'failed' as const,
              finished_at: finishedAt.toISOString(),
              last_error: messageOf(failure),
            }
          : {
              status: 'pending' as const,
              due_at: new Date(finishedAt.getTime() + retryDelayMs(row.attempts)).toISOString(),
              claimed_by: null,
              claimed_at: null,
              last_error: messageOf(failure),
            };
    await inTransaction(db, (tx) =>
      tx
        .updateTable('scheduled_jobs')
        .set(settled)
        .where('id', '=', row.id)
        .where('claimed_by', '=', this.instance)
        .where('status', '=', 'running')
        .execute(),
    );
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
