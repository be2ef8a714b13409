import type { Actor, PartyKind, Role } from '../access/actor.js';
import { AppError, type RequestPart } from '../platform/errors.js';
import { localMinutes } from '../platform/local-time.js';
import type {
  AgreementDocument,
  Condition,
  EntitySharing,
  SharedEntity,
  UnitKind,
} from './agreement.schema.js';

/** The version in force when a decision is taken: decisions record it. */
export interface AgreementInForce {
  version: number;
  document: AgreementDocument;
}

/** Who asks, as the policy sees them. */
export interface PolicyActor {
  partyId: string | null;
  partyKind: PartyKind | null;
  roles: readonly Role[];
}

/** The policy view of any actor. */
export function policyActor(actor: Actor): PolicyActor {
  if (actor.type === 'user')
    return { partyId: actor.partyId, partyKind: actor.partyKind, roles: actor.roles };
  if (actor.type === 'device') return { partyId: actor.partyId, partyKind: actor.partyKind, roles: [] };
  return { partyId: actor.partyId, partyKind: null, roles: [] };
}

export interface Decision {
  allow: boolean;
  reason: string;
  /** The clause that decided, as a path into the document, e.g. `unitKinds.armed_escort`. */
  clause: string;
  version: number;
}

/** The error a refusal answers with: the version and clause that refused, on the input that asked. */
export function refusedBy(decision: Decision, field: string, part: RequestPart): AppError {
  return new AppError(
    'agreement_refuses',
    `Agreement v${decision.version}, clause ${decision.clause}: ${decision.reason}`,
    {
      field,
      in: part,
      clause: decision.clause,
      agreementVersion: decision.version,
    },
  );
}

/** The circumstances that widen sharing or change what protection applies. */
export interface PolicyContext {
  inMovement?: boolean;
  sos?: boolean;
  clearance?: boolean;
  riskLevel?: number;
}

export type PolicyAction =
  | { type: 'unit.provide'; kind: UnitKind; providerKind: PartyKind; riskLevel?: number }
  | { type: 'record.read'; entity: SharedEntity; ownerPartyId: string; ownerKind: PartyKind }
  | { type: 'record.write'; entity: SharedEntity; ownerPartyId: string }
  | { type: 'agreement.sign' }
  | { type: 'movement.approve'; riskLevel: number }
  | {
      type: 'movement.depart';
      riskLevel: number;
      armedEscortVehicles: number;
      armouredPassengerVehicle: boolean;
      approvedBy: readonly PartyKind[];
      exemptionSignedBy?: readonly PartyKind[];
      at: Date;
    }
  | { type: 'emergency.act'; justification: string }
  | { type: 'clearance.read'; ownerPartyId: string; ownerKind: PartyKind };

const allow = (version: number, clause: string, reason: string): Decision => ({
  allow: true,
  reason,
  clause,
  version,
});
const deny = (version: number, clause: string, reason: string): Decision => ({
  allow: false,
  reason,
  clause,
  version,
});

function holds(condition: Condition, context: PolicyContext): boolean {
  if (condition === 'movement') return context.inMovement === true;
  if (condition === 'sos') return context.sos === true;
  if (condition === 'clearance') return context.clearance === true;
  return (context.riskLevel ?? 0) >= condition.riskLevelAtLeast;
}

/** Whether any of the conditions holds in the context. */
export function anyHolds(conditions: readonly Condition[], context: PolicyContext): boolean {
  return conditions.some((c) => holds(c, context));
}

/** The minutes since midnight of an `HH:MM` the schema checked, read digit by digit. */
function minutesOf(clock: string): number {
  const zero = 48 * 600 + 48 * 60 + 48 * 10 + 48;
  return (
    clock.charCodeAt(0) * 600 +
    clock.charCodeAt(1) * 60 +
    clock.charCodeAt(3) * 10 +
    clock.charCodeAt(4) -
    zero
  );
}

/** Whether `at` falls inside the local hours `from`–`to` (across midnight when `to` is earlier). */
export function withinHours(hours: { from: string; to: string }, at: Date, timeZone: string): boolean {
  return withinMinutes(hours, localMinutes(at, timeZone));
}

/** Whether the local minutes `now` fall inside the hours `from`–`to`. */
function withinMinutes(hours: { from: string; to: string }, now: number): boolean {
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  return from <= to ? now >= from && now < to : now >= from || now < to;
}

type Hours = { from: string; to: string };

/** The stretches of the day (minutes from midnight, end excluded) that allowed hours cover. */
function dayStretches(hours: Hours): [number, number][] {
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  if (from === to) return [];
  return from < to
    ? [[from, to]]
    : ([
        [from, 1440],
        [0, to],
      ].filter(([a, b]) => a! < b!) as [number, number][]);
}

/**
 * Milliseconds from `at` until the allowed hours close: 0 outside them, Infinity when they run
 * all day. Read in local minutes, so a daylight-saving change within the stretch can move the
 * close by its hour.
 */
export function hoursLeftAt(hours: Hours | null, at: Date, timeZone: string): number {
  if (!hours) return Infinity;
  const stretches = dayStretches(hours);
  const open = stretches.reduce((sum, [a, b]) => sum + b - a, 0);
  if (open >= 1440) return Infinity;
  const now = localMinutes(at, timeZone);
  if (!withinMinutes(hours, now)) return 0;
  const close = minutesOf(hours.to);
  // Offsets are whole minutes: the seconds into the current minute are the same locally.
  return ((close - now + 1440) % 1440 || 1440) * 60_000 - (at.getTime() % 60_000);
}

/** Whether allowed hours `inner` lie within `outer` (null: any time): no longer, never later. */
export function hoursWithin(inner: Hours | null, outer: Hours | null): boolean {
  if (!outer) return true;
  const outside = dayStretches(outer);
  if (outside.reduce((sum, [a, b]) => sum + b - a, 0) >= 1440) return true;
  if (!inner) return false;
  return dayStretches(inner).every(([a, b]) => outside.some(([c, d]) => c <= a && b <= d));
}

/** What a movement at a risk level needs, as the agreement's `protection` clause says it. */
export interface ProtectionRequired {
  /** The clause, as decisions name it, e.g. `protection[level=4]`. */
  clause: string;
  version: number;
  rule: AgreementDocument['protection'][number];
}

/** The protection clause of a risk level in the agreement in force. */
export function protectionRequired(agreement: AgreementInForce, riskLevel: number): ProtectionRequired {
  return {
    clause: `protection[level=${riskLevel}]`,
    version: agreement.version,
    rule: agreement.document.protection[riskLevel - 1]!,
  };
}

/** The sharing rules that apply when a viewer of one party looks at a record of another. */
export function sharingRules(
  document: AgreementDocument,
  ownerKind: PartyKind,
  viewerKind: PartyKind,
  entity: SharedEntity,
): EntitySharing {
  if (ownerKind === 'partner' && viewerKind === 'host') return document.sharing.partnerToHost[entity];
  if (ownerKind === 'host' && viewerKind === 'partner') return document.sharing.hostToPartner[entity];
  return document.sharing.partnerToPartner[entity];
}

/**
 * Whether the agreement in force lets `actor` take `action`, and which clause says so. Pure:
 * the caller loads the version in force and the facts the action depends on.
 */
export function decide(agreement: AgreementInForce, actor: PolicyActor, action: PolicyAction): Decision {
  const { version, document } = agreement;
  switch (action.type) {
    case 'unit.provide': {
      const rule = document.unitKinds[action.kind];
      const clause = `unitKinds.${action.kind}`;
      const zone = [...rule.zones]
        .sort((a, b) => b.minRiskLevel - a.minRiskLevel)
        .find((z) => (action.riskLevel ?? 0) >= z.minRiskLevel);
      if (zone) {
        const zoneClause = `${clause}.zones[minRiskLevel=${zone.minRiskLevel}]`;
        return zone.providers.includes(action.providerKind)
          ? allow(
              version,
              zoneClause,
              `the ${action.providerKind} may provide ${action.kind} at risk level ${action.riskLevel}`,
            )
          : deny(
              version,
              zoneClause,
              `at risk level ${zone.minRiskLevel} and above only the ${zone.providers.join(' or ')} may provide ${action.kind}`,
            );
      }
      return rule.providers.includes(action.providerKind)
        ? allow(version, clause, `the ${action.providerKind} may provide ${action.kind}`)
        : deny(
            version,
            clause,
            `only the ${rule.providers.join(' or ')} may provide ${action.kind}${rule.armed ? ' (armed)' : ''}`,
          );
    }
    case 'record.read': {
      if (actor.partyId === action.ownerPartyId)
        return allow(version, 'ownership', 'a party sees its own records');
      if (!actor.partyKind) return deny(version, 'ownership', 'only a party member sees records');
      if (!isParty(document, actor.partyId) || !isParty(document, action.ownerPartyId)) {
        return deny(version, 'parties', 'only parties to the agreement share records');
      }
      const direction = directionName(action.ownerKind, actor.partyKind);
      const rules = sharingRules(document, action.ownerKind, actor.partyKind, action.entity);
      const clause = `sharing.${direction}.${action.entity}.records`;
      return rules.records === 'all'
        ? allow(version, clause, `the agreement shares ${action.entity} records`)
        : deny(version, clause, `the agreement does not share ${action.entity} records`);
    }
    case 'record.write':
      return actor.partyId === action.ownerPartyId
        ? allow(version, 'ownership', 'a party manages its own records')
        : deny(version, 'ownership', "a party cannot change another party's records");
    case 'agreement.sign': {
      const inAgreement =
        actor.partyId !== null &&
        [document.parties.host, ...document.parties.partners].includes(actor.partyId);
      if (!inAgreement) return deny(version, 'parties', 'only a party to the agreement signs it');
      return actor.roles.includes('admin')
        ? allow(version, 'parties', 'an admin signs for their party')
        : deny(version, 'parties', 'only an admin signs for their party');
    }
    case 'movement.approve': {
      const protection = protectionRequired(agreement, action.riskLevel);
      const rule = protection.rule;
      const clause = `${protection.clause}.approvals`;
      if (!actor.partyKind || !actor.roles.includes('coordinator'))
        return deny(version, clause, 'only a coordinator approves a movement');
      return rule.approvals.includes(actor.partyKind)
        ? allow(
            version,
            clause,
            `the ${actor.partyKind}'s coordinator approves movements at level ${action.riskLevel}`,
          )
        : deny(
            version,
            clause,
            `at level ${action.riskLevel} the ${rule.approvals.join(' and ')} approve, not the ${actor.partyKind}`,
          );
    }
    case 'movement.depart':
      return decideDeparture(agreement, action);
    case 'clearance.read': {
      if (actor.partyId === action.ownerPartyId)
        return allow(version, 'ownership', 'a party sees its own records whole');
      if (!isParty(document, actor.partyId) || !isParty(document, action.ownerPartyId))
        return deny(version, 'parties', 'only parties to the agreement share records');
      const named = document.clearance.actors.some(
        (a) => a.party === actor.partyKind && a.roles.some((role) => actor.roles.includes(role)),
      );
      return named
        ? allow(
            version,
            'clearance.actors',
            `the agreement lets this role read ${action.ownerKind} records for a clearance`,
          )
        : deny(version, 'clearance.actors', 'the agreement does not name this role for clearance reads');
    }
    case 'emergency.act': {
      const clause = 'emergency.actors';
      const named = document.emergency.actors.some(
        (a) => a.party === actor.partyKind && a.roles.some((role) => actor.roles.includes(role)),
      );
      if (!named)
        return deny(version, clause, 'the agreement does not let this role act alone in an emergency');
      if (action.justification.trim().length < document.emergency.justificationMinLength) {
        return deny(
          version,
          'emergency.justificationMinLength',
          `an emergency action needs a written justification of at least ${document.emergency.justificationMinLength} characters`,
        );
      }
      return allow(
        version,
        clause,
        `allowed alone; flagged for the other party's review within ${document.emergency.reviewWithinHours} h`,
      );
    }
  }
}

function decideDeparture(
  agreement: AgreementInForce,
  action: Extract<PolicyAction, { type: 'movement.depart' }>,
): Decision {
  const { version, document } = agreement;
  const { rule, clause: base } = protectionRequired(agreement, action.riskLevel);
  if (rule.forbidden) {
    const signed = rule.exemptionApprovals.every((p) => action.exemptionSignedBy?.includes(p));
    if (!signed)
      return deny(
        version,
        `${base}.forbidden`,
        `movements at level ${action.riskLevel} are forbidden without an exemption signed by the ${rule.exemptionApprovals.join(' and ')}`,
      );
  }
  const missing = rule.approvals.filter((p) => !action.approvedBy.includes(p));
  if (missing.length > 0)
    return deny(
      version,
      `${base}.approvals`,
      `waiting for the ${missing.join(' and ')} coordinator's approval`,
    );
  if (action.armedEscortVehicles < rule.armedEscortVehicles) {
    return deny(
      version,
      `${base}.armedEscortVehicles`,
      `needs ${rule.armedEscortVehicles} armed escort vehicles, has ${action.armedEscortVehicles}`,
    );
  }
  if (rule.armouredPassengerVehicle && !action.armouredPassengerVehicle) {
    return deny(version, `${base}.armouredPassengerVehicle`, 'needs an armoured passenger vehicle');
  }
  if (rule.allowedHours && !withinHours(rule.allowedHours, action.at, document.timeZone)) {
    return deny(
      version,
      `${base}.allowedHours`,
      `movements at level ${action.riskLevel} run only ${rule.allowedHours.from}–${rule.allowedHours.to} local time`,
    );
  }
  return allow(version, base, `level ${action.riskLevel} protection and approvals are in place`);
}

/** Whether a party signed up to this document: others share nothing under it. */
export function isParty(document: AgreementDocument, partyId: string | null): boolean {
  return (
    partyId !== null && (partyId === document.parties.host || document.parties.partners.includes(partyId))
  );
}

function directionName(ownerKind: PartyKind, viewerKind: PartyKind): string {
  if (ownerKind === 'partner' && viewerKind === 'host') return 'partnerToHost';
  if (ownerKind === 'host' && viewerKind === 'partner') return 'hostToPartner';
  return 'partnerToPartner';
}
