import type { SystemActor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Events, JsmsEvents, Log } from '../events.js';
import { embeddedFileOf } from '../platform/db/write-gate.js';
import type { NewEvent } from '../platform/event-log.js';
import { workerClient } from '../platform/worker.js';
import { type PositionBatch, type Recorded, writePositionBatch } from './position-batch.js';

/** What the worker thread's commit did: each report's result, its events, the log's last number. */
export interface WrittenBatch {
  recorded: Recorded[];
  events: NewEvent<JsmsEvents>[];
  last: number | null;
}

/** Writes position batches; `close` stops its thread, if it has one. */
export interface PositionWriter {
  write(batch: PositionBatch): Promise<Recorded[]>;
  close(): Promise<void>;
}

/**
 * Where position batches are written. On PostgreSQL, in this thread (its driver does not block
 * the event loop). On the embedded database, on a worker thread with a SQLite connection of its
 * own: a batch's insert, audit entry and event-log append take a few milliseconds of CPU and its
 * commit waits for an fsync, and better-sqlite3 would hold the event loop for all of it, while
 * the requests of the next batch wait unread. The batch takes its turn at the file's write gate
 * with this thread's transactions, and its events go out on this instance's bus after its
 * commit, before the next writer's, as `writes.write` would have published them.
 */
export function positionWriter(deps: {
  db: Db;
  writes: AuditedWrites;
  events: Pick<Events, 'publish'>;
  log: Log;
  server: SystemActor;
}): PositionWriter {
  const { db, writes, events, log, server } = deps;
  const embedded = embeddedFileOf(db);
  if (!embedded) {
    return { write: (batch) => writePositionBatch(writes, server, batch), close: async () => {} };
  }
  const worker = workerClient<PositionBatch, WrittenBatch>(
    new URL('./position-writer.worker.js', import.meta.url),
    { file: embedded.file, server },
  );
  return {
    write: (batch) =>
      embedded.gate.hold(async () => {
        const written = await worker.run(batch);
        for (const event of written.events) events.publish(event.name, event.payload as never);
        if (written.last !== null) log.noteAppended(written.last);
        return written.recorded;
      }),
    close: () => worker.close(),
  };
}
