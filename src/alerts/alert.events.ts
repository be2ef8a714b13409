import type { Alert } from './alert.js';

/**
 * Alert events carry the alert whole, as stored after the change, so the stream presents it for
 * each viewer without reading it back, on any instance.
 */
export interface AlertEvents {
  /** A rule raised an alert (one open per rule and subject). */
  'alert.raised': { alert: Alert };
  /** A named user acknowledged an alert, with a note. */
  'alert.acknowledged': { alert: Alert };
  /** A named user resolved an alert with a note, or the server did when its condition ended. */
  'alert.resolved': { alert: Alert };
  /** An open alert grew more severe (a missed check-in that became overdue, then an emergency). */
  'alert.escalated': { alert: Alert };
}
