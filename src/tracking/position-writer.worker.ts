// Writes position batches on a SQLite connection of its own, so that the server's event loop
// reads and parses the next requests while this thread waits for the commit's fsync
// (better-sqlite3 blocks the thread it runs on). See position-writer.ts.
import { workerData } from 'node:worker_threads';
import type { SystemActor } from '../access/actor.js';
import { auditedWrites } from '../audit/audited-write.js';
import type { Database } from '../database.js';
import { createEventLog } from '../events.js';
import { systemClock } from '../platform/clock.js';
import { connectSqliteFile } from '../platform/db/connect.js';
import { serveRequests } from '../platform/worker.js';
import { type PositionBatch, writePositionBatch } from './position-batch.js';
import type { WrittenBatch } from './position-writer.js';

const { file, server } = workerData as { file: string; server: SystemActor };
const { db } = await connectSqliteFile<Database>(file);
const log = createEventLog(db, 'sqlite');

serveRequests<PositionBatch, WrittenBatch>(async (batch) => {
  // What the commit published and appended, handed back for the server's bus and followers.
  const events: WrittenBatch['events'] = [];
  let last: number | null = null;
  const appended = log.onAppended((seq) => (last = seq));
  try {
    const writes = auditedWrites({
      db,
      // The batch carries its time, read on the server's clock: this one is never asked.
      clock: systemClock,
      events: {
        publish: (name, payload) => events.push({ name, payload } as WrittenBatch['events'][number]),
      },
      log,
    });
    const recorded = await writePositionBatch(writes, server, batch);
    return { recorded, events, last };
  } finally {
    appended();
  }
});
