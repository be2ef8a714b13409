import { z } from 'zod';
import type { IncidentSeverity } from './alert.js';

/**
 * Every number the alert rules use, with its default. A deployment overrides any of them with
 * JSMS_ALERT_PARAMETERS (JSON, e.g. `{"offCorridorMinutes":5}`); docs/ARCHITECTURE.md lists them.
 */
export interface AlertParameters {
  /** How far from an incident people, sites and movements count as affected, by its severity (metres). */
  incidentRadiusM: Record<IncidentSeverity, number>;
  /** An incident older than this (by the day it happened) raises nothing: an import of the past. */
  incidentMaxAgeHours: number;
  /** Beyond the movement's own corridor by this many metres, a fix is off its route. */
  offCorridorM: number;
  /** Off the route for this long raises `off_corridor`. */
  offCorridorMinutes: number;
  /** A checkpoint not passed, or an arrival not reported, this long after its plan raises `overdue`. */
  overdueMinutes: number;
  /** Stopped (moved less than `stoppedWithinM`) this long in an area of `stoppedLevel` or more. */
  stoppedMinutes: number;
  stoppedWithinM: number;
  stoppedLevel: number;
  /** A protected vehicle farther than this from its escort while under way raises `escort_separated`. */
  escortSeparationM: number;
  /** A device silent past this many of its expected intervals during a movement raises `device_silent`. */
  silentIntervals: number;
  /** Curfew, local hours [from, to) in `curfewUtcOffsetMinutes`: outside the site's perimeter then is an alert. */
  curfewFromHour: number;
  curfewToHour: number;
  curfewUtcOffsetMinutes: number;
  /** A missed check-in: a reminder at the deadline, an overdue alert after this, an emergency after that. */
  checkinOverdueMinutes: number;
  checkinEmergencyMinutes: number;
}

export const defaultAlertParameters: AlertParameters = {
  incidentRadiusM: { minor: 2_000, serious: 5_000, major: 10_000 },
  incidentMaxAgeHours: 48,
  offCorridorM: 500,
  offCorridorMinutes: 10,
  overdueMinutes: 30,
  stoppedMinutes: 15,
  stoppedWithinM: 100,
  stoppedLevel: 4,
  escortSeparationM: 2_000,
  silentIntervals: 3,
  curfewFromHour: 20,
  curfewToHour: 6,
  // Pakistan Standard Time, UTC+5.
  curfewUtcOffsetMinutes: 300,
  checkinOverdueMinutes: 30,
  checkinEmergencyMinutes: 60,
};

const positive = z.number().positive();
const hour = z.number().int().min(0).max(23);

const overrides = z
  .object({
    incidentRadiusM: z.object({ minor: positive, serious: positive, major: positive }).partial().strict(),
    incidentMaxAgeHours: positive,
    offCorridorM: z.number().min(0),
    offCorridorMinutes: positive,
    overdueMinutes: positive,
    stoppedMinutes: positive,
    stoppedWithinM: positive,
    stoppedLevel: z.number().int().min(1).max(6),
    escortSeparationM: positive,
    silentIntervals: positive,
    curfewFromHour: hour,
    curfewToHour: hour,
    curfewUtcOffsetMinutes: z.number().int().min(-720).max(840),
    checkinOverdueMinutes: positive,
    checkinEmergencyMinutes: positive,
  })
  .partial()
  .strict();

/** The defaults with a deployment's overrides (JSON text); throws naming the first bad key. */
export function alertParametersFrom(json: string): AlertParameters {
  if (json.trim() === '') return defaultAlertParameters;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('JSMS_ALERT_PARAMETERS: not JSON');
  }
  const parsed = overrides.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`JSMS_ALERT_PARAMETERS: ${issue.path.join('.') || 'the object'}: ${issue.message}`);
  }
  const { incidentRadiusM, ...rest } = parsed.data;
  return {
    ...defaultAlertParameters,
    ...rest,
    incidentRadiusM: { ...defaultAlertParameters.incidentRadiusM, ...incidentRadiusM },
  };
}
