import type { PartyKind } from '../access/actor.js';
import { unitKinds } from '../agreement/agreement.schema.js';
import {
  type AgreementInForce,
  decide,
  hoursLeftAt,
  hoursWithin,
  type PolicyActor,
  protectionRequired,
} from '../agreement/policy.js';
import { localTime } from '../platform/local-time.js';
import type { RouteAssessment, RouteSegment } from '../risk/route.js';

/**
 * A movement's assessment: what the risk picture says of its route and what the agreement in
 * force requires of it at that risk, with the clause behind each requirement. Computed on submit
 * and again whenever an input changes before departure; stored with the movement as JSON.
 */
export interface MovementAssessment {
  /** When it was computed, and the agreement version it read. */
  asOf: string;
  agreementVersion: number;
  /** The worst level along the corridor, 1–6. */
  riskLevel: number;
  km: number;
  /** Kilometres at each level, keyed '1'..'6'. */
  kmByLevel: Record<string, number>;
  /** The route cut where its level changes, in order. */
  segments: RouteSegment[];
  /** The agreement's protection clause at the worst level, as `decide()` reads it. */
  required: {
    clause: string;
    armedEscortVehicles: number;
    armouredPassengerVehicle: boolean;
    /** Local hours in the agreement's time zone; null for any time. */
    allowedHours: { from: string; to: string } | null;
    timeZone: string;
    /** Whose coordinator must approve: each required approval. */
    approvals: PartyKind[];
    forbidden: boolean;
    exemptionApprovals: PartyKind[];
    /** Which parties may provide each unit kind along this route (the `unitKinds` clauses). */
    providers: Record<string, PartyKind[]>;
  };
  /** Every rule of the agreement the planned movement breaks, each with its clause. */
  breaches: { rule: string; clause: string; message: string }[];
}

/** Whether `next` asks more of the movement than `previous`: after approval, that sends it back. */
export type RequirementRaised = (previous: MovementAssessment, next: MovementAssessment) => boolean;

/** The risk service's answer for a route: its walk's levels, and when it read them. */
export type RouteAnswer = RouteAssessment & { asOf: string };

/** Who asks `unit.provide`: the clause answers the same whoever asks. */
const anyone: PolicyActor = { partyId: null, partyKind: null, roles: [] };
const partyKinds: readonly PartyKind[] = ['host', 'partner'];

const roundKm = (km: number) => Math.round(km * 10) / 10;

// Who may provide each unit kind depends only on the agreement and the level: decided once a pair.
const providersDecided = new WeakMap<AgreementInForce, Map<number, Record<string, PartyKind[]>>>();

/** Which parties may provide each unit kind at `level` (the `unitKinds` clauses), a fresh copy. */
function providersAt(agreement: AgreementInForce, level: number): Record<string, PartyKind[]> {
  let byLevel = providersDecided.get(agreement);
  if (!byLevel) providersDecided.set(agreement, (byLevel = new Map()));
  let decided = byLevel.get(level);
  if (!decided) {
    decided = {};
    for (const kind of unitKinds)
      decided[kind] = partyKinds.filter(
        (providerKind) =>
          decide(agreement, anyone, { type: 'unit.provide', kind, providerKind, riskLevel: level }).allow,
      );
    byLevel.set(level, decided);
  }
  const providers: Record<string, PartyKind[]> = {};
  for (const kind in decided) providers[kind] = decided[kind]!.slice();
  return providers;
}

/**
 * What the agreement in force asks of a movement on `route` between `departure` and `arrival`:
 * the protection clause at the worst level, who may provide each unit kind there, and every rule
 * the plan breaks. The convoy is placed along the route by interpolating its kilometres between
 * departure and arrival, so each segment's hours are checked when it is driven (a night drive
 * through a level-4 stretch breaks its hours even when the worst level's would allow it). Pure.
 */
export function assessMovement(input: {
  route: RouteAnswer;
  agreement: AgreementInForce;
  departure: Date;
  arrival: Date;
}): MovementAssessment {
  const { route, agreement, departure, arrival } = input;
  const { timeZone } = agreement.document;
  const worst = route.maxLevel;
  const { clause, rule } = protectionRequired(agreement, worst);
  const providers = providersAt(agreement, worst);

  const breaches: MovementAssessment['breaches'] = [];
  // A forbidden level crossed: the departure's own check, with every other requirement met, says so.
  for (let level = 1; level <= 6; level++) {
    const { rule: atLevel } = protectionRequired(agreement, level);
    // Only a forbidden level's clause refuses as forbidden: the others need no decision (nor clock).
    if (!atLevel.forbidden || !route.segments.some((s) => s.level === level)) continue;
    const decision = decide(agreement, anyone, {
      type: 'movement.depart',
      riskLevel: level,
      armedEscortVehicles: atLevel.armedEscortVehicles,
      armouredPassengerVehicle: true,
      approvedBy: atLevel.approvals,
      exemptionSignedBy: [],
      at: departure,
    });
    if (!decision.allow && decision.clause.endsWith('.forbidden'))
      breaches.push({
        rule: 'forbidden',
        clause: decision.clause,
        message: `The route crosses ${roundKm(route.kmByLevel[level] ?? 0)} km at level ${level}: ${decision.reason}`,
      });
  }

  // Each segment's stretch of time, the kilometres spread evenly over the planned drive.
  const total = route.segments.reduce((sum, s) => sum + s.km, 0);
  const duration = arrival.getTime() - departure.getTime();
  const timeAt = (km: number) => new Date(departure.getTime() + (total > 0 ? (duration * km) / total : 0));
  let driven = 0;
  for (const segment of route.segments) {
    const start = driven;
    driven += segment.km;
    const hours = protectionRequired(agreement, segment.level).rule.allowedHours;
    const entered = timeAt(start);
    const left = timeAt(driven);
    if (!hours) continue;
    const open = hoursLeftAt(hours, entered, timeZone);
    // Entered outside the hours, or still in the segment when they close.
    if (open > 0 && open >= left.getTime() - entered.getTime()) continue;
    breaches.push({
      rule: 'allowedHours',
      clause: `protection[level=${segment.level}].allowedHours`,
      message:
        `Kilometres ${roundKm(start)}–${roundKm(driven)} (level ${segment.level}) are driven ` +
        `${localTime(entered, timeZone)} to ${localTime(left, timeZone)} local time (${timeZone}), ` +
        `outside the level-${segment.level} hours ${hours.from}–${hours.to}`,
    });
  }

  const kmByLevel: Record<string, number> = {};
  for (let level = 1; level <= 6; level++) kmByLevel[String(level)] = route.kmByLevel[level] ?? 0;
  return {
    asOf: route.asOf,
    agreementVersion: agreement.version,
    riskLevel: worst,
    km: route.km,
    kmByLevel,
    segments: route.segments,
    required: {
      clause,
      armedEscortVehicles: rule.armedEscortVehicles,
      armouredPassengerVehicle: rule.armouredPassengerVehicle,
      allowedHours: rule.allowedHours,
      timeZone,
      approvals: rule.approvals,
      forbidden: rule.forbidden,
      exemptionApprovals: rule.exemptionApprovals,
      providers,
    },
    breaches,
  };
}

/**
 * Whether `next` asks more of the movement than `previous`: a higher level, another party's
 * approval or exemption signature, more armed escort vehicles, an armoured vehicle newly needed,
 * narrower hours, a level newly forbidden, a party no longer allowed to provide a unit kind, or
 * a rule newly broken. After approval, that sends the movement back to `submitted`.
 */
export const requirementRaised: RequirementRaised = (previous, next) => {
  const was = previous.required;
  const now = next.required;
  const more = (after: readonly string[], before: readonly string[]) =>
    after.some((p) => !before.includes(p));
  const fewer = (after: readonly string[], before: readonly string[]) => more(before, after);
  const breachesBefore = new Set(previous.breaches.map((b) => `${b.rule} ${b.clause}`));
  return (
    next.riskLevel > previous.riskLevel ||
    more(now.approvals, was.approvals) ||
    (now.forbidden && (!was.forbidden || more(now.exemptionApprovals, was.exemptionApprovals))) ||
    now.armedEscortVehicles > was.armedEscortVehicles ||
    (now.armouredPassengerVehicle && !was.armouredPassengerVehicle) ||
    !hoursWithin(was.allowedHours, now.allowedHours) ||
    Object.entries(now.providers).some(([kind, parties]) => fewer(parties, was.providers[kind] ?? [])) ||
    next.breaches.some((b) => !breachesBefore.has(`${b.rule} ${b.clause}`))
  );
};
