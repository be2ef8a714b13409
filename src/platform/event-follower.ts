import pg from 'pg';
import { eventChannel, type EventLog, type LoggedEvent } from './event-log.js';
import type { EventLogTables } from './event-log.tables.js';

export type FollowListener<M> = (event: LoggedEvent<M>) => void;

export interface EventFollowerOptions<M extends object, DB extends EventLogTables> {
  log: EventLog<M, DB>;
  /**
   * PostgreSQL: the database URL a dedicated client `LISTEN`s on, woken by every instance's
   * commits. None on SQLite, where one instance owns the data directory: its own commits wake it.
   */
  listenUrl?: string | undefined;
  channel?: string;
  /** The last event already handled; from the log's newest at `start` when omitted. */
  since?: number;
  /**
   * How often it reads even without a wake-up: a notification lost while the listening
   * connection was down, or a commit by another process on SQLite (the CLI), is found then.
   */
  pollMs?: number;
  /** The first wait before reconnecting the listening connection; it doubles, up to 30 s. */
  reconnectMs?: number;
  /** Events per read. */
  batch?: number;
  /** Where a failed read, a dropped connection, a purged gap or a listener's error is reported. */
  report?: (error: unknown) => void;
}

/**
 * Follows the event log on one instance: hands every event to its listeners once, in sequence
 * order, from `since`, whichever instance wrote it. It reads from its last number whenever it is
 * woken (a commit here, a notification from elsewhere, reconnecting, the slow poll), one read at
 * a time, so wake-ups that come together cost one read.
 */
export class EventFollower<M extends object, DB extends EventLogTables = EventLogTables> {
  private seq = -1;
  private readonly listeners = new Set<FollowListener<M>>();
  private readonly waiting: { seq: number; resolve: () => void }[] = [];
  private reading: Promise<void> | null = null;
  private again = false;
  private running = false;
  private client: pg.Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay: number;
  private unsubscribe: (() => void) | null = null;
  private readonly report: (error: unknown) => void;

  constructor(private readonly options: EventFollowerOptions<M, DB>) {
    this.reconnectDelay = options.reconnectMs ?? 1_000;
    this.report = options.report ?? ((error) => console.error('jsms: the event follower', error));
  }

  /** Calls `listener` with every event after the last handed out; the returned function unsubscribes. */
  follow(listener: FollowListener<M>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The number of the last event handed to the listeners. */
  get lastSeq(): number {
    return this.seq;
  }

  /** The server process of the listening connection (PostgreSQL), for operators and tests. */
  get listenerPid(): number | null {
    return (this.client as { processID?: number } | null)?.processID ?? null;
  }

  /** Resolves once every event up to `seq` has been handed out. */
  reached(seq: number): Promise<void> {
    if (this.seq >= seq) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ seq, resolve }));
  }

  /**
   * Starts following: from `since`, or from the log's newest event, with the listening connection
   * open (PostgreSQL) before the first read, so that nothing committed after it goes unnoticed.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.seq < 0) this.seq = this.options.since ?? (await this.options.log.bounds()).last;
    this.unsubscribe = this.options.log.onAppended((last) => this.wake(last));
    if (this.options.listenUrl) await this.listen();
    this.schedulePoll();
    await this.wake();
  }

  /** Stops following and closes the listening connection; a later `start` resumes from `lastSeq`. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of [this.pollTimer, this.reconnectTimer]) if (timer) clearTimeout(timer);
    this.pollTimer = this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.reading;
  }

  /** Reads what was written after `lastSeq`, unless `upTo` (a notification's number) is already had. */
  wake(upTo?: number): Promise<void> {
    if (!this.running || (upTo !== undefined && upTo <= this.seq)) return this.reading ?? Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.readAll().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readAll(): Promise<void> {
    const batch = this.options.batch ?? 500;
    do {
      this.again = false;
      try {
        for (;;) {
          const events = await this.options.log.read(this.seq, batch);
          for (const event of events) this.deliver(event);
          if (events.length < batch || !this.running) break;
        }
      } catch (error) {
        // The database is away: the poll, or the reconnect, reads again.
        this.report(error);
        return;
      }
    } while (this.again && this.running);
  }

  private deliver(event: LoggedEvent<M>): void {
    if (event.seq !== this.seq + 1) {
      this.report(new Error(`events ${this.seq + 1} to ${event.seq - 1} were purged before they were read`));
    }
    this.seq = event.seq;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.report(error);
      }
    }
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const waiter = this.waiting[i]!;
      if (waiter.seq > this.seq) continue;
      this.waiting.splice(i, 1);
      waiter.resolve();
    }
  }

  private schedulePoll(): void {
    if (!this.running) return;
    this.pollTimer = setTimeout(() => {
      void this.wake().finally(() => this.schedulePoll());
    }, this.options.pollMs ?? 10_000);
    this.pollTimer.unref();
  }

  /** Opens the listening connection; when it drops, opens another, then reads what was missed. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.listenUrl });
    client.on('notification', (message) => {
      if (message.channel !== (this.options.channel ?? eventChannel)) return;
      const upTo = Number(message.payload);
      void this.wake(Number.isFinite(upTo) ? upTo : undefined);
    });
    const dropped = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      if (error) this.report(error);
      void client.end().catch(() => undefined);
      this.reconnect();
    };
    client.on('error', dropped);
    client.on('end', () => dropped());
    this.client = client;
    try {
      await client.connect();
      // The channel is a quoted identifier: `LISTEN` takes no parameter.
      await client.query(`LISTEN "${(this.options.channel ?? eventChannel).replace(/"/g, '""')}"`);
    } catch (error) {
      // Reported, and tried again later; meanwhile the poll reads.
      dropped(error);
      return;
    }
    this.reconnectDelay = this.options.reconnectMs ?? 1_000;
  }

  private reconnect(): void {
    if (!this.running || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, 30_000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.running) return;
      // Then whatever committed while no connection listened.
      void this.listen().then(() => this.wake());
    }, delay);
    this.reconnectTimer.unref();
  }
}
