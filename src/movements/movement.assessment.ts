import type { PartyKind } from '../access/actor.js';
import type { RouteSegment } from '../risk/route.js';

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
