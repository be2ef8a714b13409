// Runs report queries on its own SQLite connection, so a report over millions of incidents does
// not stop the server's event loop (better-sqlite3 blocks the thread it runs on).
import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from '../database.js';
import { connectDatabase } from '../platform/db/connect.js';
import type { Estimate, Period } from './report.js';
import { loadAggregates } from './report.queries.js';

interface Request {
  id: number;
  period: Period;
  estimate: Estimate;
}

const handle = await connectDatabase<Database>({ dataDir: (workerData as { dataDir: string }).dataDir });

parentPort!.on('message', (request: Request) => {
  loadAggregates(handle.db, request.period, request.estimate).then(
    (aggregates) => parentPort!.postMessage({ id: request.id, aggregates }),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
