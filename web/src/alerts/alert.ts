import type { components } from '../api/schema.js';

export type Alert = components['schemas']['Alert'];
export type AlertRule = Alert['rule'];
export type AlertState = Alert['state'];

/** The rules and states the filters offer, in the server's order (src/alerts/alert.ts). */
export const alertRules: readonly AlertRule[] = [
  'sos',
  'incident_near',
  'off_corridor',
  'overdue',
  'stopped_in_red_zone',
  'escort_separated',
  'device_silent',
  'outside_perimeter',
  'checkin_missed',
];
export const alertStates: readonly AlertState[] = ['open', 'acknowledged', 'resolved'];

/** The panel's state filter: the alerts still to handle, or one state. */
export const stateFilters = ['active', 'open', 'acknowledged', 'resolved'] as const;
export type StateFilter = (typeof stateFilters)[number];

export const statesOf = (filter: StateFilter): AlertState[] =>
  filter === 'active' ? ['open', 'acknowledged'] : [filter];

/** An `alert` frame of the stream: the event and the alert as the agreement shows it to this viewer. */
export interface AlertFrame {
  type: 'alert';
  seq: number;
  event: string;
  alert: Alert;
}

export const isAlertFrame = (frame: { type: string }): frame is AlertFrame =>
  frame.type === 'alert' && typeof (frame as { alert?: unknown }).alert === 'object';

/**
 * The list after an alert arrived over the stream: a newer version replaces the one held (an older
 * one, replayed after a reconnect, changes nothing); a new alert goes first. Newest first, as the API lists.
 */
export function mergeAlert(list: readonly Alert[], alert: Alert): Alert[] {
  const held = list.find((a) => a.id === alert.id);
  if (held && held.version >= alert.version) return list as Alert[];
  const rest = list.filter((a) => a.id !== alert.id);
  return [alert, ...rest].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
}

/** Whether the panel's filters show the alert. */
export function isShown(alert: Alert, filter: { state: StateFilter; rule: AlertRule | '' }): boolean {
  return statesOf(filter.state).includes(alert.state) && (filter.rule === '' || alert.rule === filter.rule);
}

/** An SOS still to handle: drawn first and loudest. */
export const isUrgent = (alert: Alert) => alert.rule === 'sos' && alert.state !== 'resolved';
