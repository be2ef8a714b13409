import { invalidTransition } from '../platform/errors.js';

/**
 * The rules of an alert, pure: what raises one, its life (open → acknowledged → resolved), and the
 * one question asked of every trigger: is it newer than what was last evaluated for its rule and
 * subject? Evaluated on the event's own time (a fix's device time), so a late or replayed fix
 * cannot raise an alert that was already resolved.
 */

export const alertRules = [
  'sos',
  'incident_near',
  'off_corridor',
  'overdue',
  'stopped_in_red_zone',
  'escort_separated',
  'device_silent',
  'outside_perimeter',
  'checkin_missed',
] as const;
export type AlertRule = (typeof alertRules)[number];

export const alertStates = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof alertStates)[number];

/** States in which the alert still counts: at most one per rule and subject (a unique index). */
export const openStates: readonly AlertState[] = ['open', 'acknowledged'];

export const alertSeverities = ['warning', 'alarm', 'emergency'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

export const alertSubjectTypes = ['person', 'unit', 'movement', 'incident'] as const;
export type AlertSubjectType = (typeof alertSubjectTypes)[number];

/** What an alert is about: a person, a unit, a movement, or an incident (near several subjects). */
export interface AlertSubject {
  type: AlertSubjectType;
  id: string;
}

/** A subject an incident alert names as affected, with its owner and how far it was. */
export interface AffectedSubject {
  type: 'person' | 'unit' | 'site' | 'movement';
  id: string;
  partyId: string;
  distanceM: number;
}

/** An alert as the service holds it, plain JSON: events carry it whole to the stream. */
export interface Alert {
  id: string;
  rule: AlertRule;
  subject: AlertSubject;
  /** The party owning the subject; null for an incident's alert, which concerns every party. */
  partyId: string | null;
  state: AlertState;
  severity: AlertSeverity;
  /** The time of the fix or event that raised it (device time for a fix). */
  eventAt: string;
  raisedAt: string;
  /** Where it happened, if anywhere. */
  location: { lat: number; lon: number } | null;
  /** Rule-specific facts (distances, minutes, the movement), plain JSON. */
  details: Record<string, unknown>;
  affected: AffectedSubject[];
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolveNote: string | null;
  version: number;
}

/** How serious each rule's alert is: an SOS or a missed check-in's last step is an emergency. */
export const severityOf: Record<AlertRule, AlertSeverity> = {
  sos: 'emergency',
  incident_near: 'alarm',
  off_corridor: 'alarm',
  overdue: 'alarm',
  stopped_in_red_zone: 'alarm',
  escort_separated: 'alarm',
  device_silent: 'warning',
  outside_perimeter: 'warning',
  checkin_missed: 'warning',
};

/** Rules whose alert a human must resolve: the condition ending does not prove anyone is safe. */
export const humanResolves: ReadonlySet<AlertRule> = new Set(['sos', 'incident_near', 'checkin_missed']);

export const alertActions = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  resolve: { from: ['open', 'acknowledged'], to: 'resolved' },
} as const satisfies Record<string, { from: readonly AlertState[]; to: AlertState }>;
export type AlertAction = keyof typeof alertActions;

/** The state `action` leads to from `state`, or `invalid_transition` naming both. */
export function nextAlertState(state: AlertState, action: AlertAction): AlertState {
  const rule = alertActions[action];
  if (!(rule.from as readonly AlertState[]).includes(state))
    throw invalidTransition('The alert', state, rule.to);
  return rule.to;
}

export function isOpen(state: AlertState): boolean {
  return openStates.includes(state);
}

/**
 * Whether a trigger at `eventAt` is to be evaluated: only when it is later than the last one
 * evaluated (or the last resolution) for its rule and subject. Equal times are the same trigger
 * again (a resend), so they are not.
 */
export function isFresh(eventAt: Date, lastEvaluatedAt: Date | null): boolean {
  return lastEvaluatedAt === null || eventAt.getTime() > lastEvaluatedAt.getTime();
}

/** An incident's severity, from its toll: how far from it people and places count as affected. */
export type IncidentSeverity = 'minor' | 'serious' | 'major';

export function incidentSeverity(killed: number | null, wounded: number | null): IncidentSeverity {
  const casualties = (killed ?? 0) + (wounded ?? 0);
  if (casualties >= 10) return 'major';
  return casualties >= 1 ? 'serious' : 'minor';
}

/** The key of a rule's subject in maps and job keys: `sos:person:ID`. */
export function alertKey(rule: AlertRule, subject: AlertSubject): string {
  return `${rule}:${subject.type}:${subject.id}`;
}
