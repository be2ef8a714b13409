import type { PartyKind } from '../access/actor.js';
import type { AgreementInForce } from '../agreement/policy.js';
import type { Unit } from '../registry/unit.service.js';
import { escortShortfall, type EscortShortfall, type EscortUnit, unitRefusal } from './escort.js';
import type { MovementEscort } from './escort.presenter.js';
import type { Movement } from './movement.record.js';

/**
 * The escort rules of escort.ts read from the records the services hold, pure: a booked or
 * registered unit as the rules read it, and which party kind provides each.
 */

/** A booked unit as the escort rules read it. */
export const asEscortUnit = (unit: MovementEscort): EscortUnit => ({
  id: unit.unitId,
  call_sign: unit.callSign,
  kind: unit.kind,
  party_id: unit.partyId,
  vehicles: unit.vehicles,
  armoured_vehicles: unit.armouredVehicles,
});

/** The agreement with the kind of the party behind each unit: whose units the clauses allow. */
export const providersOf = (
  agreement: AgreementInForce,
  units: readonly Pick<MovementEscort, 'partyId' | 'partyKind'>[],
) => ({
  agreement,
  partyKinds: Object.fromEntries(units.map((u) => [u.partyId, u.partyKind])) as Record<string, PartyKind>,
});

/** A registered unit as the escort rules read it. */
const registeredEscortUnit = (unit: Unit): EscortUnit => ({
  id: unit.id,
  call_sign: unit.callSign,
  kind: unit.kind,
  party_id: unit.partyId,
  vehicles: unit.vehicles,
  armoured_vehicles: unit.armouredVehicles,
});

/**
 * How the accepted units of an escort fall short of the movement's assessment (escortShortfall);
 * null when there is no assessment or no agreement to measure by.
 */
export function acceptedShortfall(
  agreement: AgreementInForce | null,
  movement: Pick<Movement, 'assessment' | 'vehicles'>,
  units: readonly MovementEscort[],
): EscortShortfall[] | null {
  if (!agreement || !movement.assessment) return null;
  const accepted = units.filter((u) => u.status === 'accepted');
  return escortShortfall(
    movement.assessment,
    accepted.map(asEscortUnit),
    movement.vehicles,
    providersOf(agreement, accepted),
  );
}

/** The agreement's refusal of a registered unit at the movement's risk level (1 when not assessed); null when allowed. */
export function unitRefusalOf(unit: Unit, riskLevel: number | null, agreement: AgreementInForce) {
  return unitRefusal(
    registeredEscortUnit(unit),
    riskLevel ?? 1,
    providersOf(agreement, [{ partyId: unit.partyId, partyKind: unit.partyKind }]),
  );
}
