import type { DeviceActor, SystemActor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Fix } from './fix.js';
import * as repo from './position.repository.js';
import type { PositionEvent } from './tracking.events.js';
import type { PositionRow } from './tracking.tables.js';

/** What one report stored: a resent fix is a duplicate and changes nothing. */
export interface Recorded {
  stored: number;
  duplicates: number;
}

/** One device's fixes of one request, with the instant (unique per device) it arrived. */
export interface Report {
  device: DeviceActor;
  fixes: readonly Fix[];
  receivedAt: Date;
}

/** Reports written in one transaction, at the time the batch began (the audit entry's). */
export interface PositionBatch {
  reports: Report[];
  at: Date;
}

/**
 * Writes a batch of reports in one audited transaction: the fixes not stored before, one audit
 * entry per party, and one `position.recorded` event per stored fix. Tells each report what it
 * stored. Callers group concurrent reports into one batch (see position.service.ts).
 */
export async function writePositionBatch(
  writes: AuditedWrites,
  server: SystemActor,
  batch: PositionBatch,
): Promise<Recorded[]> {
  const { reports } = batch;
  const rows = reports.flatMap((report) => report.fixes.map((fix) => rowOf(report, fix)));
  const stored = await writes.write(
    server,
    async ({ tx, audit, publish }) => {
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
    },
    { at: batch.at },
  );
  const storedBy = countBy(stored, (row) => `${row.device_id}|${row.received_at}`);
  return reports.map((report) => {
    const count = storedBy.get(`${report.device.id}|${report.receivedAt.toISOString()}`) ?? 0;
    return { stored: count, duplicates: report.fixes.length - count };
  });
}

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
