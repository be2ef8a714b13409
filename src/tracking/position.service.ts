import type { DeviceActor, SystemActor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { groupCommit } from '../platform/db/group-commit.js';
import { AppError } from '../platform/errors.js';
import type { Fix } from './fix.js';
import * as repo from './position.repository.js';
import { tokenBuckets } from './rate-limit.js';
import type { Subject } from './live-index.js';
import type { PositionEvent } from './tracking.events.js';
import type { PositionRow } from './tracking.tables.js';

/** What one report stored: a resent fix is a duplicate and changes nothing. */
export interface Recorded {
  stored: number;
  duplicates: number;
}

interface Report {
  device: DeviceActor;
  fixes: readonly Fix[];
  receivedAt: Date;
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
    const rows = reports.flatMap((report) => report.fixes.map((fix) => rowOf(report, fix)));
    const stored = await writes.write(server, async ({ tx, audit, publish }) => {
      const keys = await repo.insertPositions(tx, rows);
      const isNew = new Set(keys.map((k) => `${k.device_id}|${k.fix_at}|${k.received_at}`));
      const fresh = rows.filter((row) => isNew.delete(`${row.device_id}|${row.fix_at}|${row.received_at}`));
      // One entry per party and batch: the rows carry their device and arrival time themselves.
      for (const [partyId, count] of countBy(fresh, (row) => row.party_id)) {
        await audit({
          action: 'position.recorded',
          entityId: null,
          partyId,
          details: { count: String(count) },
        });
      }
      const intervals = new Map(reports.map((r) => [r.device.id, r.device.reportIntervalS]));
      for (const row of fresh) publish('position.recorded', eventOf(row, intervals.get(row.device_id)!));
      return fresh;
    });
    const storedBy = countBy(stored, (row) => `${row.device_id}|${row.received_at}`);
    return reports.map((report) => {
      const count = storedBy.get(`${report.device.id}|${report.receivedAt.toISOString()}`) ?? 0;
      return { stored: count, duplicates: report.fixes.length - count };
    });
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

function rowOf(report: Report, fix: Fix): PositionRow {
  const { device } = report;
  return {
    device_id: device.id,
    fix_at: fix.fixAt.toISOString(),
    subject_type: device.subjectType,
    subject_id: device.subjectId,
    party_id: device.partyId,
    lat: fix.lat,
    lon: fix.lon,
    accuracy_m: fix.accuracyM,
    altitude_m: fix.altitudeM,
    speed_kmh: fix.speedKmh,
    heading_deg: fix.headingDeg,
    battery_pct: fix.batteryPct,
    charging: fix.charging === null ? null : fix.charging ? 1 : 0,
    sos: fix.sos ? 1 : 0,
    attributes: JSON.stringify(fix.attributes),
    received_at: report.receivedAt.toISOString(),
  };
}

export function eventOf(row: PositionRow, reportIntervalS: number): PositionEvent {
  return {
    subject: { type: row.subject_type, id: row.subject_id },
    partyId: row.party_id,
    deviceId: row.device_id,
    lat: row.lat,
    lon: row.lon,
    fixAt: row.fix_at,
    accuracyM: row.accuracy_m,
    speedKmh: row.speed_kmh,
    headingDeg: row.heading_deg,
    batteryPct: row.battery_pct,
    sos: row.sos === 1,
    receivedAt: row.received_at,
    reportIntervalS,
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
