import type { SubjectRef } from './subject.js';

/** A fix as events carry it: plain JSON, so it can be written to the event log and sent on. */
export interface PositionEvent {
  subject: SubjectRef;
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
}

export interface TrackingEvents {
  /** A fix not stored before was stored (a resend publishes nothing). */
  'position.recorded': PositionEvent;
}
