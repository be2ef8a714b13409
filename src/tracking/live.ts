import { bareFix } from './fix.js';
import {
  type LiveEntry,
  LiveIndex,
  type LiveStatus,
  type Subject,
  statusOf,
  subjectKey,
} from './live-index.js';
import type { PositionEvent } from './tracking.events.js';
import type { PositionRow } from './tracking.tables.js';

/** A subject's crew membership: which movement under way it travels on. */
export interface CrewRow {
  movement_id: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  departed_at: string | null;
}

/** The movement a subject travels on, and since when. */
export interface Crewed {
  movementId: string;
  since: string | null;
}

/**
 * The live picture held by each instance: the latest fix of every subject (the index), how often
 * each device should report, and which movement under way each subject travels on. Fed by the
 * positions and movement changes of every instance, in event-log order. No I/O: the service that
 * owns it reads the database at start and hands it events.
 */
export class LivePicture {
  readonly index = new LiveIndex();
  private readonly intervalMs = new Map<string, number>();
  private readonly crews = new Map<string, Crewed>();
  /** Subjects with an open SOS alert, and when each subject's last SOS was resolved. */
  private readonly sosOpen = new Set<string>();
  private readonly sosResolvedAt = new Map<string, number>();

  /** Starts over from the database's latest fixes and the crews under way. */
  load(latest: readonly (PositionRow & { report_interval_s: number })[], crews: readonly CrewRow[]): void {
    for (const row of latest) this.place(entryOfRow(row), row.report_interval_s);
    this.crews.clear();
    for (const crew of crews) this.addCrew(crew);
  }

  /** A stored fix; true when it moved its subject (a late, older fix does not). */
  apply(event: PositionEvent): boolean {
    return this.place(entryOfEvent(event), event.reportIntervalS);
  }

  /** A movement left or entered `underway`: its crew is tied to it only while under way. */
  setCrew(movementId: string, crew: readonly CrewRow[]): void {
    for (const [key, on] of this.crews) if (on.movementId === movementId) this.crews.delete(key);
    for (const row of crew) this.addCrew(row);
  }

  /**
   * An SOS alert of the subject was raised (`open`) or resolved at `at`: the agreement's `sos`
   * condition holds from the one to the other.
   */
  setSos(subject: Subject, open: boolean, at: Date): void {
    const key = subjectKey(subject);
    if (open) this.sosOpen.add(key);
    else {
      this.sosOpen.delete(key);
      this.sosResolvedAt.set(key, Math.max(at.getTime(), this.sosResolvedAt.get(key) ?? 0));
    }
  }

  /** Whether an SOS alert of the subject is open. */
  inSos(subject: Subject): boolean {
    return this.sosOpen.has(subjectKey(subject));
  }

  /**
   * Whether the subject is in an SOS now: an SOS alert of it is open, or its latest fix raised the
   * alarm after its last SOS was resolved (the alert it raises may not be stored yet).
   */
  sosHolds(entry: LiveEntry): boolean {
    const key = subjectKey(entry.subject);
    if (this.sosOpen.has(key)) return true;
    return entry.fix.sos && entry.fix.fixAt.getTime() > (this.sosResolvedAt.get(key) ?? -Infinity);
  }

  movementOf(subject: Subject): string | null {
    return this.crews.get(subjectKey(subject))?.movementId ?? null;
  }

  /** Every subject travelling on the movement. */
  crewMembers(movementId: string): Subject[] {
    const members: Subject[] = [];
    for (const [key, on] of this.crews) {
      if (on.movementId !== movementId) continue;
      const at = key.indexOf(':');
      members.push({ type: key.slice(0, at) as Subject['type'], id: key.slice(at + 1) });
    }
    return members;
  }

  crewOf(subject: Subject): Crewed | null {
    return this.crews.get(subjectKey(subject)) ?? null;
  }

  private addCrew(row: CrewRow): void {
    this.crews.set(subjectKey({ type: row.subject_type, id: row.subject_id }), {
      movementId: row.movement_id,
      since: row.departed_at,
    });
  }

  intervalOf(entry: LiveEntry): number {
    return this.intervalMs.get(entry.deviceId) ?? defaultIntervalMs;
  }

  statusOf(entry: LiveEntry, now: Date): LiveStatus {
    return statusOf(entry, this.intervalOf(entry), now, this.movementOf(entry.subject) !== null);
  }

  private place(entry: LiveEntry, intervalS: number): boolean {
    this.intervalMs.set(entry.deviceId, intervalS * 1000);
    return this.index.upsert(entry);
  }
}

const defaultIntervalMs = 300_000;

export function entryOfEvent(event: PositionEvent): LiveEntry {
  return {
    subject: event.subject,
    partyId: event.partyId,
    deviceId: event.deviceId,
    receivedAt: new Date(event.receivedAt),
    fix: bareFix(event, new Date(event.fixAt), {
      accuracyM: event.accuracyM,
      speedKmh: event.speedKmh,
      headingDeg: event.headingDeg,
      batteryPct: event.batteryPct,
      sos: event.sos,
    }),
  };
}

function entryOfRow(row: PositionRow): LiveEntry {
  return {
    subject: { type: row.subject_type, id: row.subject_id },
    partyId: row.party_id,
    deviceId: row.device_id,
    receivedAt: new Date(row.received_at),
    fix: bareFix(row, new Date(row.fix_at), {
      accuracyM: row.accuracy_m,
      speedKmh: row.speed_kmh,
      headingDeg: row.heading_deg,
      batteryPct: row.battery_pct,
      sos: row.sos === 1,
    }),
  };
}
