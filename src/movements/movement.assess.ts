import type { SystemActor } from '../access/actor.js';
import { unitKinds } from '../agreement/agreement.schema.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { decide, withinHours } from '../agreement/policy.js';
import { AppError } from '../platform/errors.js';
import type { RiskService } from '../risk/risk.service.js';
import type { MovementAssessment, RequirementRaised } from './movement.assessment.js';
import type { LatLon } from './movement.rules.js';

/**
 * The assessment of a request, from the risk picture's answer for its route and the agreement in
 * force. A minimal adapter: the assessment capability replaces it with its pure function; the
 * service only knows the `Assess` signature.
 */

/** What an assessment reads of a request. */
export interface AssessRequest {
  waypoints: LatLon[];
  plannedDeparture: string;
  plannedArrival: string;
}

export type Assess = (request: AssessRequest) => Promise<MovementAssessment>;

const assessor: SystemActor = { type: 'system', id: 'movement-assessment', partyId: null };
const partyKinds = ['host', 'partner'] as const;

export function movementAssessor(deps: { risk: RiskService; agreements: AgreementService }): Assess {
  const { risk, agreements } = deps;
  return async (request) => {
    const answer = await risk.route(assessor, request.waypoints);
    const agreement = await agreements.inForce();
    if (!answer.required || !agreement)
      throw new AppError(
        'agreement_not_in_force',
        'No agreement is in force: a movement is assessed against one both parties signed',
      );
    const { clause, timeZone, allowedHours, forbidden, exemptionApprovals } = answer.required;
    const riskLevel = answer.maxLevel;
    // Who may field each kind along this route: the unitKinds clauses at the route's worst level.
    const providers = Object.fromEntries(
      unitKinds.map((kind) => [
        kind,
        partyKinds.filter(
          (providerKind) =>
            decide(
              agreement,
              { partyId: null, partyKind: null, roles: [] },
              {
                type: 'unit.provide',
                kind,
                providerKind,
                riskLevel,
              },
            ).allow,
        ),
      ]),
    );
    const breaches: MovementAssessment['breaches'] = [];
    if (forbidden)
      breaches.push({
        rule: 'forbidden',
        clause: `${clause}.forbidden`,
        message: `movements at level ${riskLevel} are forbidden without an exemption signed by the ${exemptionApprovals.join(' and ')}`,
      });
    const planned = [request.plannedDeparture, request.plannedArrival].map((at) => new Date(at));
    if (allowedHours && planned.some((at) => !withinHours(allowedHours, at, timeZone)))
      breaches.push({
        rule: 'allowed_hours',
        clause: `${clause}.allowedHours`,
        message: `movements at level ${riskLevel} run only ${allowedHours.from}–${allowedHours.to} local time (${timeZone})`,
      });
    return {
      asOf: answer.asOf,
      agreementVersion: answer.required.agreementVersion,
      riskLevel,
      km: answer.km,
      kmByLevel: Object.fromEntries(
        Object.entries(answer.kmByLevel).map(([level, km]) => [String(level), km]),
      ),
      segments: answer.segments,
      required: {
        clause,
        armedEscortVehicles: answer.required.armedEscortVehicles,
        armouredPassengerVehicle: answer.required.armouredPassengerVehicle,
        allowedHours,
        timeZone,
        approvals: answer.required.approvals,
        forbidden,
        exemptionApprovals,
        providers,
      },
      breaches,
    };
  };
}

/** More escort, an armoured vehicle, another approver, or a forbidden level: more than before. */
export const requirementRaised: RequirementRaised = (previous, next) => {
  const before = previous.required;
  const after = next.required;
  return (
    after.armedEscortVehicles > before.armedEscortVehicles ||
    (after.armouredPassengerVehicle && !before.armouredPassengerVehicle) ||
    (after.forbidden && !before.forbidden) ||
    after.approvals.some((party) => !before.approvals.includes(party)) ||
    next.breaches.some((b) => !previous.breaches.some((p) => p.rule === b.rule))
  );
};
