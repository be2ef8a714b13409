import type { Actor } from '../access/actor.js';
import type { Db } from '../database.js';
import { workerClient } from '../platform/worker.js';
import {
  type Aggregates,
  buildReport,
  type Estimate,
  type Filters,
  filtersOf,
  type Period,
  previousPeriod,
  type Report,
} from './report.js';
import { assertPeriod } from './incident.js';
import type { IncidentCriteria } from './incident.repository.js';
import { loadAggregates } from './report.repository.js';
import type { ReportRequest as WorkerRequest } from './report.worker.js';

/** A report's period and the incidents it counts: the incident list's filters, for both periods. */
export interface ReportRequest extends Omit<IncidentCriteria, 'from' | 'to'> {
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
  const worker =
    deps.sqliteDataDir === null
      ? null
      : workerClient<WorkerRequest, Aggregates>(new URL('./report.worker.js', import.meta.url), {
          dataDir: deps.sqliteDataDir,
        });

  function aggregates(period: Period, estimate: Estimate, filters: Filters): Promise<Aggregates> {
    if (worker === null) return loadAggregates(deps.db, period, estimate, filters);
    return worker.run({ period, estimate, filters });
  }

  return {
    /** The report for a period, compared with the previous period of equal length unless told not to. */
    async report(_actor: Actor, request: ReportRequest): Promise<Report> {
      assertPeriod(request, 'querystring');
      const { from, to, estimate = 'best', compare, ...criteria } = request;
      const period = { from, to };
      const filters = filtersOf(criteria);
      const current = await aggregates(period, estimate, filters);
      const previous =
        compare === 'none'
          ? null
          : await (async () => {
              const before = previousPeriod(period);
              return { period: before, aggregates: await aggregates(before, estimate, filters) };
            })();
      return buildReport(period, estimate, filters, current, previous);
    },

    async close(): Promise<void> {
      await worker?.close();
    },
  };
}

export type ReportService = ReturnType<typeof reportService>;
