import { Worker } from 'node:worker_threads';
import type { Actor } from '../access/actor.js';
import type { Db } from '../database.js';
import { validationFailed } from '../platform/errors.js';
import {
  type Aggregates,
  buildReport,
  type Estimate,
  type Period,
  previousPeriod,
  type Report,
} from './report.js';
import { loadAggregates } from './report.queries.js';

export interface ReportRequest {
  from: string;
  to: string;
  estimate?: Estimate;
  compare?: 'previous' | 'none';
}

/**
 * Period reports. On PostgreSQL the queries run in the server's pool; on SQLite in a worker
 * thread with its own connection, so the event loop keeps serving while a long report runs.
 */
export function reportService(deps: { db: Db; sqliteDataDir: string | null }) {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (a: Aggregates) => void; reject: (e: Error) => void }>();

  function startWorker(dataDir: string): Worker {
    // From source (tests, `npm start`), the worker's TypeScript goes through tsx as the rest does.
    const fromSource = import.meta.url.endsWith('.ts');
    const started = fromSource
      ? new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(
            new URL('./report.worker.ts', import.meta.url).href,
          )}, ${JSON.stringify(import.meta.url)}))`,
          { eval: true, workerData: { dataDir } },
        )
      : new Worker(new URL('./report.worker.js', import.meta.url), { workerData: { dataDir } });
    started.unref();
    started.on('message', (message: { id: number; aggregates?: Aggregates; error?: string }) => {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.aggregates!);
    });
    started.on('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      worker = null;
    });
    return started;
  }

  function aggregates(period: Period, estimate: Estimate): Promise<Aggregates> {
    if (deps.sqliteDataDir === null) return loadAggregates(deps.db, period, estimate);
    worker ??= startWorker(deps.sqliteDataDir);
    const id = nextId++;
    const promise = new Promise<Aggregates>((resolve, reject) => pending.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ id, period, estimate });
    return promise.finally(() => {
      if (pending.size === 0) worker?.unref();
    });
  }

  return {
    /** The report for a period, compared with the previous period of equal length unless told not to. */
    async report(_actor: Actor, request: ReportRequest): Promise<Report> {
      if (request.from > request.to) throw validationFailed('from', 'The period starts after it ends');
      const period = { from: request.from, to: request.to };
      const estimate = request.estimate ?? 'best';
      const current = await aggregates(period, estimate);
      const previous =
        request.compare === 'none'
          ? null
          : await (async () => {
              const before = previousPeriod(period);
              return { period: before, aggregates: await aggregates(before, estimate) };
            })();
      return buildReport(period, estimate, current, previous);
    },

    async close(): Promise<void> {
      await worker?.terminate();
      worker = null;
    },
  };
}

export type ReportService = ReturnType<typeof reportService>;
