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
}
