import { type Kysely, sql } from 'kysely';
import type { DialectName } from './db/connect.js';
import { beforeCommit, inOpenTransaction, onCommit, type TxOf } from './db/transaction.js';
import type { EventLogTables } from './event-log.tables.js';

/**
 * One event to log: a name of the map `M` and its payload, which must be plain JSON (no `Date`):
 * it is stored as JSON text and read back parsed.
 */
export type NewEvent<M> = { [K in keyof M]: { name: K; payload: M[K] } }[keyof M];

/** An event as the log holds it: numbered, with the time of the write that caused it. */
export type LoggedEvent<M> = { [K in keyof M]: { seq: number; name: K; payload: M[K]; at: string } }[keyof M];

/** The numbers one append claimed, first to last. */
export interface Appended {
  first: number;
  last: number;
}

/** The channel a committed append notifies, with its last sequence number as the payload. */
export const eventChannel = 'jsms_events';

/**
 * How long the log keeps an event: a client that reconnects within it resumes where it was; one
 * away longer starts again from a snapshot. The scheduler purges older events every hour.
 */
export const eventRetentionMs = 24 * 60 * 60_000;

/** Rows per INSERT on SQLite: 4 values each stays far below its 32,766 parameters. */
const insertChunk = 1_000;
/** Rows per DELETE when purging, so that no purge holds SQLite's one writer for long. */
const purgeChunk = 10_000;

interface Pending {
  rows: { name: string; payload: string; at: string }[];
}

/**
 * The durable, global event feed: every event written in the transaction that caused it, under
 * a sequence number that is gap-free and in commit order across every instance on the database.
 *
 * Numbers come from one counter row (`event_log_head`) updated in the writing transaction, whose
 * row lock is held until commit: a second writer waits for the first to commit before it takes
 * its numbers, so once a reader sees N it has already been able to see everything below N. (A
 * PostgreSQL SEQUENCE would not do: it hands out 9 and 10 to two transactions that may commit 10
 * first, and a reader at 10 would never look back for 9.) A transaction that rolls back gives its
 * numbers back with its rows. On PostgreSQL each append sends one `NOTIFY jsms_events` with its
 * last number, delivered at commit; followers (`EventFollower`) wake on it and read from theirs.
 */
export class EventLog<M extends object, DB extends EventLogTables = EventLogTables> {
  private readonly db: Kysely<EventLogTables>;
  private readonly pending = new WeakMap<object, Pending>();
  private readonly appended = new Set<(last: number) => void>();

  constructor(private readonly options: { db: Kysely<DB>; dialect: DialectName; channel?: string }) {
    this.db = options.db as unknown as Kysely<EventLogTables>;
  }

  /**
   * Appends `events` in `tx` now, numbered consecutively, and returns their numbers (null when
   * there are none). It takes the log's one lock and holds it until `tx` commits, so call it
   * last in the transaction; `appendAtCommit` does that for you. After the commit, followers on
   * this instance wake at once, and (PostgreSQL) every other instance's on the notification.
   */
  async append(tx: TxOf<DB>, events: readonly NewEvent<M>[], at: Date): Promise<Appended | null> {
    const when = at.toISOString();
    return this.insert(
      tx,
      events.map((event) => ({ name: String(event.name), payload: JSON.stringify(event.payload), at: when })),
    );
  }

  /**
   * Queues `events` to be appended in `tx` just before it commits, together with all the others
   * queued in it: one append, one lock held for the shortest time, one notification per
   * transaction, however many writes and events it holds. `tx` must be open with `inTransaction`.
   */
  appendAtCommit(tx: TxOf<DB>, events: readonly NewEvent<M>[], at: Date): void {
    if (events.length === 0) return;
    let pending = this.pending.get(tx);
    if (!pending) {
      const queued: Pending = { rows: [] };
      pending = queued;
      this.pending.set(tx, queued);
      beforeCommit(async () => {
        this.pending.delete(tx);
        await this.insert(tx, queued.rows);
      });
    }
    const when = at.toISOString();
    for (const event of events) {
      pending.rows.push({ name: String(event.name), payload: JSON.stringify(event.payload), at: when });
    }
  }

  /** The events numbered after `since`, in order, at most `limit` of them. */
  async read(since: number, limit: number): Promise<LoggedEvent<M>[]> {
    const rows = await this.db
      .selectFrom('event_log')
      .selectAll()
      .where('seq', '>', since)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(
      (row) =>
        ({
          seq: Number(row.seq),
          name: row.name,
          payload: JSON.parse(row.payload) as unknown,
          at: row.at,
        }) as LoggedEvent<M>,
    );
  }

  /**
   * What the log holds: every event numbered `first` to `last` (none when `first` is `last + 1`).
   * A reader at `since` misses nothing when `first <= since + 1`; below that, events were purged.
   */
  async bounds(): Promise<{ first: number; last: number }> {
    const head = await this.db
      .selectFrom('event_log_head')
      .select('last_seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const oldest = await this.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .executeTakeFirst();
    const last = Number(head.last_seq);
    return { first: oldest?.seq == null ? last + 1 : Number(oldest.seq), last };
  }

  /**
   * Removes the events written before `before`, oldest first, and returns how many. It cuts at
   * the newest such event, so what stays is always one unbroken run of numbers (an event written
   * a moment after `before` but numbered below that one goes with it).
   */
  async purge(before: Date): Promise<number> {
    const cut = await this.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('at', '<', before.toISOString())
      .executeTakeFirst();
    if (cut?.seq == null) return 0;
    const through = Number(cut.seq);
    let removed = 0;
    for (;;) {
      const { first } = await this.bounds();
      if (first > through) return removed;
      const result = await this.db
        .deleteFrom('event_log')
        .where('seq', '<=', Math.min(through, first + purgeChunk - 1))
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
  }

  /** Calls `listener` with the last number of every append on this instance, once it has committed. */
  onAppended(listener: (last: number) => void): () => void {
    this.appended.add(listener);
    return () => this.appended.delete(listener);
  }

  private async insert(tx: TxOf<DB>, rows: Pending['rows']): Promise<Appended | null> {
    if (rows.length === 0) return null;
    const t = tx as unknown as Kysely<EventLogTables>;
    const last =
      this.options.dialect === 'postgres'
        ? await this.insertPostgres(t, rows)
        : await this.insertSqlite(t, rows);
    if (inOpenTransaction()) onCommit(() => this.announce(last));
    return { first: last - rows.length + 1, last };
  }

  /**
   * One statement, one round trip, while the lock is held: claims the numbers (the counter row
   * stays locked until commit, and the next writer waits at it), inserts the events, and queues
   * the notification, which PostgreSQL delivers at commit and never on rollback. It carries only
   * the number: a payload is limited to 8,000 bytes, and followers read the events from the table.
   */
  private async insertPostgres(t: Kysely<EventLogTables>, rows: Pending['rows']): Promise<number> {
    const n = rows.length;
    const result = await sql<{ last_seq: number }>`
      with head as (
        update event_log_head set last_seq = last_seq + ${n} where id = 1 returning last_seq
      ), added as (
        insert into event_log (seq, name, payload, at)
        select head.last_seq - ${n} + e.ord, e.name, e.payload, e.at
        from head, unnest(${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.payload)}::text[],
          ${rows.map((r) => r.at)}::text[]) with ordinality as e (name, payload, at, ord)
      )
      select last_seq, pg_notify(${this.options.channel ?? eventChannel}, last_seq::text) from head`.execute(
      t,
    );
    return Number(result.rows[0]!.last_seq);
  }

  /** SQLite has one writer and no round trips: the counter, then the rows, a chunk at a time. */
  private async insertSqlite(t: Kysely<EventLogTables>, rows: Pending['rows']): Promise<number> {
    const head = await t
      .updateTable('event_log_head')
      .set((eb) => ({ last_seq: eb('last_seq', '+', rows.length) }))
      .where('id', '=', 1)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const last = Number(head.last_seq);
    const first = last - rows.length + 1;
    for (let start = 0; start < rows.length; start += insertChunk) {
      await t
        .insertInto('event_log')
        .values(rows.slice(start, start + insertChunk).map((row, i) => ({ seq: first + start + i, ...row })))
        .execute();
    }
    return last;
  }

  private announce(last: number): void {
    for (const listener of [...this.appended]) listener(last);
  }
}
