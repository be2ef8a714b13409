import type { AgreementService } from '../agreement/agreement.service.js';
import type { AgreementInForce } from '../agreement/policy.js';
import { AppError } from '../platform/errors.js';
import type { RouteAssessment, RouteWalk } from '../risk/route.js';
import type { RiskService } from '../risk/risk.service.js';
import { assessMovement, type MovementAssessment } from './movement.assessment.js';
import type { LatLon } from './movement.rules.js';

/**
 * The one assessment path: the risk service's corridor of the route at its planned departure,
 * read by `assessMovement` against the agreement in force. Submit, the live preview, a changed
 * request and every re-assessment go through it.
 */

/** What an assessment reads of a request. */
export interface AssessRequest {
  waypoints: LatLon[];
  corridorMeters: number;
  plannedDeparture: string;
  plannedArrival: string;
}

/** An assessment, with the corridor's walk the re-assessment index keeps. */
export interface Assessed {
  assessment: MovementAssessment;
  walk: RouteWalk;
}

export interface Assessor {
  /** Walks the request's corridor and assesses it. */
  assess(request: AssessRequest, agreement?: AgreementInForce): Promise<Assessed>;
  /** Assesses a route already walked (the index's levels at departure) against `agreement`. */
  assessWalked(
    route: RouteAssessment & { asOf: string },
    request: Pick<AssessRequest, 'plannedDeparture' | 'plannedArrival'>,
    agreement: AgreementInForce,
  ): MovementAssessment;
  /** The agreement in force, or `agreement_not_in_force`. */
  agreement(): Promise<AgreementInForce>;
}

export function movementAssessor(deps: { risk: RiskService; agreements: AgreementService }): Assessor {
  const { risk, agreements } = deps;
  const assessWalked: Assessor['assessWalked'] = (route, request, agreement) =>
    assessMovement({
      route,
      agreement,
      departure: new Date(request.plannedDeparture),
      arrival: new Date(request.plannedArrival),
    });
  async function agreement(): Promise<AgreementInForce> {
    const inForce = await agreements.inForce();
    if (!inForce)
      throw new AppError(
        'agreement_not_in_force',
        'No agreement is in force: a movement is assessed against one both parties signed',
      );
    return inForce;
  }
  return {
    agreement,
    assessWalked,
    async assess(request, given) {
      const inForce = given ?? (await agreement());
      const route = await risk.corridor(
        request.waypoints,
        request.corridorMeters,
        new Date(request.plannedDeparture),
      );
      return { assessment: assessWalked(route, request, inForce), walk: route.walk };
    },
  };
}
