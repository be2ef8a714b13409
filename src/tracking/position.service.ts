import type { DeviceActor, SystemActor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { groupCommit } from '../platform/db/group-commit.js';
import { AppError } from '../platform/errors.js';
import type { Fix } from './fix.js';
import { type Recorded, type Report, writePositionBatch } from './position-batch.js';
import * as repo from './position.repository.js';
import { tokenBuckets } from './rate-limit.js';
import type { Subject } from './live-index.js';

/** What one committed batch held, for the log and metrics (the routes do not log each report). */
export interface BatchWritten {
  reports: number;
  fixes: number;
  stored: number;
  ms: number;
}

export interface PositionSettings {
  /** Fixes one transaction takes at most. */
  maxBatch: number;
  /** Per device: a backlog burst, then a steady rate (fixes per second). */
  burst: number;
  perSecond: number;
}

export const defaultPositionSettings: PositionSettings = { maxBatch: 2_000, burst: 600, perSecond: 5 };

const day = 86_400_000;

/**
 * Positions from devices. Reports that arrive together are written in one transaction (group
 * commit) and each caller is answered only after its fixes have committed, so an app that got its
 * 2xx never has to resend; one that resends anyway changes nothing.
 */
export function positionService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  agreements: Pick<AgreementService, 'inForce'>;
  server: SystemActor;
  settings?: PositionSettings;
  /** Told of every batch written: its reports, fixes, stored fixes and milliseconds. */
  onBatch?: (batch: BatchWritten) => void;
}) {
  const { db, clock, writes, agreements, server, settings = defaultPositionSettings } = deps;
  const limits = tokenBuckets(settings);
  // The last arrival instant given to each device, so two reports of one device never share one.
  const lastArrival = new Map<string, number>();
  function uniqueInstant(deviceId: string, at: Date): Date {
    const ms = Math.max(at.getTime(), (lastArrival.get(deviceId) ?? 0) + 1);
    lastArrival.set(deviceId, ms);
    return new Date(ms);
  }

  async function writeBatch(reports: Report[]): Promise<Recorded[]> {
    const started = performance.now();
    // The batch's time, read on this clock when it is written: its audit entry's and events'.
    const recorded = await writePositionBatch(writes, server, { reports, at: clock.now() });
    deps.onBatch?.({
      reports: reports.length,
      fixes: reports.reduce((n, r) => n + r.fixes.length, 0),
      stored: recorded.reduce((n, r) => n + r.stored, 0),
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
    return recorded;
  }

  const submit = groupCommit(writeBatch, { maxBatch: settings.maxBatch });

  return {
    /** Stores a device's fixes durably; resolves after commit. */
    async record(device: DeviceActor, fixes: readonly Fix[]): Promise<Recorded> {
      if (fixes.length === 0) return { stored: 0, duplicates: 0 };
      const receivedAt = clock.now();
      if (!limits.take(device.id, fixes.length, receivedAt.getTime())) {
        throw new AppError('position_rate_limited', 'This device reports faster than allowed; retry later');
      }
      // Reports of one device in one batch are told apart by their arrival time: give each its own.
      return submit({ device, fixes, receivedAt: uniqueInstant(device.id, receivedAt) });
    },

    /** A subject's fixes between two instants, oldest first. */
    track(subject: Subject, from: Date, to: Date, limit: number) {
      return repo.track(db, subject, { from: from.toISOString(), to: to.toISOString() }, limit);
    },

    /** The latest fix of every subject, to rebuild the live picture. */
    latest: () => repo.latestPositions(db),

    /** Removes fixes older than the agreement's `retention.locationHistoryDays`. */
    async purge(now: Date): Promise<number> {
      const agreement = await agreements.inForce();
      if (!agreement) return 0;
      const cutoff = new Date(now.getTime() - agreement.document.retention.locationHistoryDays * day);
      return writes.write(server, async ({ tx, audit }) => {
        const removed = await repo.purgePositionsBefore(tx, cutoff.toISOString());
        if (removed > 0) {
          await audit({
            action: 'position.purged',
            entityId: null,
            details: { count: String(removed), before: cutoff.toISOString() },
          });
        }
        return removed;
      });
    },
  };
}

export type PositionService = ReturnType<typeof positionService>;
