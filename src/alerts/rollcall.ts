import { z } from 'zod';
import { isInside, type Polygon } from '../platform/geo.js';
import { metresFromRoute } from '../movements/movement.rules.js';
import type { LatLon } from '../risk/cell-walk.js';
import { haversineKm } from '../risk/risk.js';
import type { Subject } from '../tracking/live-index.js';

/**
 * Roll-calls, pure (issue 13, part 2): who is expected in an area and why, what each answer makes
 * of them (safe, needs help, silent), whether a fix corroborates an answer, how the accounted-for
 * share grows and when it reaches everyone, and when the silent are escalated. No I/O, no clock.
 */

/** Where a roll-call asks: a drawn polygon, a circle round an incident or a site, or a route's corridor. */
export type RollcallArea =
  | { kind: 'polygon'; polygon: Polygon }
  | { kind: 'circle'; center: LatLon; radiusM: number }
  | { kind: 'corridor'; line: LatLon[]; widthM: number };

/** What started a roll-call. */
export const rollcallKinds = ['area', 'site', 'movement', 'incident'] as const;
export type RollcallKind = (typeof rollcallKinds)[number];

/** What a person answers. */
export const answers = ['safe', 'need_help'] as const;
export type Answer = (typeof answers)[number];

/** How an answer came in: the app's one tap, the API, the one-time link, an e-mail reply, or staff for them. */
export const answerChannels = ['app', 'api', 'link', 'email', 'staff'] as const;
export type AnswerChannel = (typeof answerChannels)[number];

/** Where a subject stands, as staff see it: a duress answer is `need_help` whatever was tapped. */
export type RollcallState = 'safe' | 'need_help' | 'silent';

/** Why a subject is expected: its last fix is inside, it is assigned to a site inside, or on a manifest. */
export type ExpectedReason = 'fix' | 'site' | 'manifest';

/** One candidate found by one rule, before they are merged. */
export interface Candidate {
  subject: Subject;
  partyId: string;
  reason: ExpectedReason;
  siteId?: string | null;
  movementId?: string | null;
}

/** A subject expected to answer, with every reason it was expected for. */
export interface Expected {
  subject: Subject;
  partyId: string;
  reasons: ExpectedReason[];
  siteId: string | null;
  movementId: string | null;
}

const reasonOrder: readonly ExpectedReason[] = ['fix', 'site', 'manifest'];

/**
 * The expected set: each subject once, with all its reasons (in a fixed order), the site and the
 * movement any rule tied it to. Ordered by subject, so a snapshot is the same whatever the order
 * the rules ran in.
 */
export function expectedSet(candidates: readonly Candidate[]): Expected[] {
  const bySubject = new Map<string, Expected>();
  for (const c of candidates) {
    const key = `${c.subject.type}:${c.subject.id}`;
    const found = bySubject.get(key);
    if (!found) {
      bySubject.set(key, {
        subject: { type: c.subject.type, id: c.subject.id },
        partyId: c.partyId,
        reasons: [c.reason],
        siteId: c.siteId ?? null,
        movementId: c.movementId ?? null,
      });
      continue;
    }
    if (!found.reasons.includes(c.reason)) found.reasons.push(c.reason);
    found.siteId ??= c.siteId ?? null;
    found.movementId ??= c.movementId ?? null;
  }
  const list = [...bySubject.values()];
  for (const e of list) e.reasons.sort((a, b) => reasonOrder.indexOf(a) - reasonOrder.indexOf(b));
  return list.sort((a, b) =>
    a.subject.type === b.subject.type
      ? a.subject.id.localeCompare(b.subject.id)
      : a.subject.type.localeCompare(b.subject.type),
  );
}

/** Whether a point lies in the area (a corridor: within its width of the line). */
export function isInArea(point: LatLon, area: RollcallArea): boolean {
  if (area.kind === 'polygon') return isInside(point, area.polygon);
  if (area.kind === 'circle') return haversineKm(point, area.center) * 1000 <= area.radiusM;
  return metresFromRoute(point, area.line) <= area.widthM;
}

/**
 * Whether a route passes through the area: a vertex inside, or a point every `stepM` along a leg
 * (a route that crosses a small area between two far vertices still counts).
 */
export function routeCrosses(route: readonly LatLon[], area: RollcallArea, stepM = 200): boolean {
  if (route.some((p) => isInArea(p, area))) return true;
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const steps = Math.min(2_000, Math.ceil((haversineKm(a, b) * 1000) / stepM));
    for (let s = 1; s < steps; s++) {
      const f = s / steps;
      if (isInArea({ lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f }, area)) return true;
    }
  }
  return false;
}

/** What the store keeps of a subject's answer. */
export interface AnswerRecord {
  /** What was tapped, as the person themself sees it again. */
  answer: Answer | null;
  /** Set when the duress PIN was given: staff see `need_help`, the person sees what they tapped. */
  duress: boolean;
}

/** Where the subject stands for staff. */
export function stateOf(record: AnswerRecord): RollcallState {
  if (record.answer === null) return 'silent';
  return record.duress ? 'need_help' : record.answer;
}

/** What the person themself is shown of their answer: never whether it was under duress. */
export function ownView(record: AnswerRecord): Answer | null {
  return record.answer;
}

/**
 * Whether a fix corroborates a subject's presence: taken after the question was asked and inside
 * the area. A fix older than the question says nothing about now.
 */
export function corroborates(fix: LatLon & { fixAt: Date }, startedAt: Date, area: RollcallArea): boolean {
  return fix.fixAt.getTime() >= startedAt.getTime() && isInArea(fix, area);
}

/** A point of the accounted-for curve: after `afterMs`, `accounted` of `expected` had answered. */
export interface CurvePoint {
  at: string;
  afterMs: number;
  accounted: number;
  share: number;
}

/**
 * The accounted-for share over time: a point at the start, then one per answer in time order. A
 * subject counts once it has answered, safe or needing help (either way staff know where they
 * stand). `timeTo100Ms` is the time from the start to the last answer once everyone has answered.
 */
export function accountedCurve(
  startedAt: Date,
  expected: number,
  answeredAt: readonly (Date | string)[],
): { points: CurvePoint[]; share: number; timeTo100Ms: number | null } {
  const start = startedAt.getTime();
  const times = answeredAt.map((t) => new Date(t).getTime()).sort((a, b) => a - b);
  const shareOf = (n: number) => (expected === 0 ? 1 : Math.round((n / expected) * 10_000) / 10_000);
  const points: CurvePoint[] = [{ at: startedAt.toISOString(), afterMs: 0, accounted: 0, share: shareOf(0) }];
  times.forEach((t, i) =>
    points.push({
      at: new Date(t).toISOString(),
      afterMs: t - start,
      accounted: i + 1,
      share: shareOf(i + 1),
    }),
  );
  const everyone = expected > 0 && times.length >= expected;
  return {
    points,
    share: shareOf(times.length),
    timeTo100Ms: everyone ? times[expected - 1]! - start : expected === 0 ? 0 : null,
  };
}

/** Who a wave of escalation tells: the silent themselves, their unit or site lead, both parties' coordinators. */
export const waveKinds = ['reminder', 'lead', 'coordinators'] as const;
export type WaveKind = (typeof waveKinds)[number];

export interface Wave {
  kind: WaveKind;
  /** Minutes after the start. */
  afterMinutes: number;
}

/** The documented default: a reminder after 5 minutes, the lead after 15, both coordinators after 30. */
export const defaultWaves: readonly Wave[] = [
  { kind: 'reminder', afterMinutes: 5 },
  { kind: 'lead', afterMinutes: 15 },
  { kind: 'coordinators', afterMinutes: 30 },
];

/** A roll-call stays open a day unless its starter says otherwise; its links expire with it. */
export const defaultOpenMinutes = 24 * 60;

export const waveInput = z.strictObject({
  kind: z.enum(waveKinds),
  afterMinutes: z
    .number()
    .int()
    .min(1)
    .max(defaultOpenMinutes * 7),
});

/** The plan's problem, if any: waves in time order, each after the one before, all before the close. */
export function wavesProblem(waves: readonly Wave[], openMinutes: number): string | null {
  for (let i = 1; i < waves.length; i++)
    if (waves[i]!.afterMinutes <= waves[i - 1]!.afterMinutes) return 'each wave comes after the one before';
  if (waves.some((w) => w.afterMinutes >= openMinutes)) return 'every wave comes before the roll-call closes';
  return null;
}

/** When each wave falls due. */
export function escalationPlan(
  startedAt: Date,
  waves: readonly Wave[],
): { wave: number; kind: WaveKind; dueAt: Date }[] {
  return waves.map((w, i) => ({
    wave: i + 1,
    kind: w.kind,
    dueAt: new Date(startedAt.getTime() + w.afterMinutes * 60_000),
  }));
}

/** An incident's casualties, as its record counts them (best estimates; unknown counts none). */
export interface IncidentToll {
  killed: number | null;
  wounded: number | null;
}

/**
 * The radius in which an incident asks people whether they are safe, by its severity (the
 * documented default): 2 km with no one killed or wounded, 5 km up to four, 10 km beyond.
 */
export function incidentRadiusM(toll: IncidentToll): number {
  const hurt = (toll.killed ?? 0) + (toll.wounded ?? 0);
  if (hurt === 0) return 2_000;
  return hurt <= 4 ? 5_000 : 10_000;
}

/**
 * Whether an incident record may start a roll-call: placed to a place or better, not denied, and
 * dated today or yesterday (an import of history asks no one anything).
 */
export function startsRollcall(
  incident: {
    lat: number | null;
    lon: number | null;
    geoPrecision: string | null;
    status: string;
    date: string;
  },
  now: Date,
): boolean {
  if (incident.lat === null || incident.lon === null) return false;
  if (incident.geoPrecision !== null && !['exact', 'place'].includes(incident.geoPrecision)) return false;
  if (incident.status === 'denied') return false;
  const dayMs = 24 * 60 * 60_000;
  return now.getTime() - new Date(`${incident.date.slice(0, 10)}T00:00:00Z`).getTime() < 2 * dayMs;
}

/** A site without a perimeter is asked within this radius of its point. */
export const siteRadiusM = 1_000;
