import type { Subject } from './live-index.js';

/** A fix as events carry it: plain JSON, so it can be written to the event log and sent on. */
export interface PositionEvent {
  subject: Subject;
  partyId: string;
  deviceId: string;
  lat: number;
  lon: number;
  fixAt: string;
  accuracyM: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  batteryPct: number | null;
  sos: boolean;
  receivedAt: string;
  /** How often the device should report, seconds: the live picture's staleness needs it. */
  reportIntervalS: number;
}

export interface TrackingEvents {
  /** A fix not stored before was stored (a resend publishes nothing). */
  'position.recorded': PositionEvent;
}
