import type { PartyKind, Role } from '../access/actor.js';
import type { MovementState } from './movement.js';

export interface MovementEvents {
  /**
   * A movement changed (`action`: a lifecycle action, or `create`, `update`, `assess`,
   * `checkpoint`, `debrief`): `from` and `to` are equal when its state did not change.
   */
  'movement.changed': {
    movementId: string;
    partyId: string;
    action: string;
    from: MovementState | null;
    to: MovementState;
    version: number;
  };
  /** A movement was assessed; `raised` when the new assessment asks more than the one before. */
  'movement.assessed': { movementId: string; riskLevel: number; raised: boolean };
  /**
   * A required approval was still pending at the agreement's time-out: the missing parties (by
   * kind and id) and the roles of each to tell (`movements.escalateTo`).
   */
  'movement.escalated': {
    movementId: string;
    partyId: string;
    missing: PartyKind[];
    parties: string[];
    escalateTo: Role[];
    deadline: string;
    agreementVersion: number;
  };
}
