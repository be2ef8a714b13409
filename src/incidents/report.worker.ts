// Runs report queries on its own SQLite connection, so a report over millions of incidents does
// not stop the server's event loop (better-sqlite3 blocks the thread it runs on).
import { workerData } from 'node:worker_threads';
import type { Database } from '../database.js';
import { connectDatabase } from '../platform/db/connect.js';
import { serveRequests } from '../platform/worker.js';
import type { Aggregates, Estimate, Filters, Period } from './report.js';
import { loadAggregates } from './report.repository.js';

export interface ReportRequest {
  period: Period;
  estimate: Estimate;
  filters: Filters;
}

const handle = await connectDatabase<Database>({ dataDir: (workerData as { dataDir: string }).dataDir });

serveRequests<ReportRequest, Aggregates>((request) =>
  loadAggregates(handle.db, request.period, request.estimate, request.filters),
);
