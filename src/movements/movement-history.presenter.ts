import { presentOne, type Viewing } from '../registry/registry.presenter.js';
import type { Movement } from './movement.record.js';
import type { MovementHistoryRow } from './movement.tables.js';

/** One step of a movement's timeline as a viewer sees it. */
export interface MovementHistoryEntry {
  seq: number;
  at: string;
  kind: string;
  from: string | null;
  to: string | null;
  actorId: string | null;
  partyId: string | null;
  agreementVersion: number | null;
  details: Record<string, unknown> | null;
}

/**
 * The movement fields a history entry's details tell of, by its kind: a veto's reason is an
 * approval and the reason it ended, an escort step names units, a checkpoint step a checkpoint.
 */
const revealedBy: Readonly<Record<string, readonly string[]>> = {
  cancel: ['endedReason'],
  abort: ['endedReason'],
  reject: ['approvals', 'endedReason'],
  approval: ['approvals'],
  approve: ['approvals'],
  break_glass: ['approvals'],
  break_glass_review: ['approvals'],
  escalate: ['approvals'],
  escort_assign: ['units'],
  escort_withdraw: ['units'],
  escort_accept: ['units'],
  escort_decline: ['units'],
  ready: ['units'],
  checkpoint: ['checkpoints'],
  submit: ['riskLevel'],
  reassess: ['riskLevel', 'approvals'],
};

/**
 * The timeline under the same sharing as the movement itself: an entry's details are dropped
 * where they tell a field the agreement withholds from the viewer, and who acted for another
 * party is shown only where the viewer may see who asked (`requestedBy`).
 */
export function presentHistory(
  viewing: Viewing,
  movement: Movement,
  rows: readonly MovementHistoryRow[],
): MovementHistoryEntry[] {
  // An operator of no party sees every movement whole, as the service lets it.
  const operator = viewing.viewer.type === 'system' && viewing.viewer.partyId === null;
  const withheld = new Set(operator ? [] : presentOne(viewing, 'movement', movement).withheld);
  return rows.map((h) => {
    const hidesDetails = (revealedBy[h.kind] ?? []).some((field) => withheld.has(field));
    const hidesActor = h.party_id !== viewing.viewer.partyId && withheld.has('requestedBy');
    return {
      seq: h.seq,
      at: h.at,
      kind: h.kind,
      from: h.from_state,
      to: h.to_state,
      actorId: hidesActor ? null : h.actor_id,
      partyId: h.party_id,
      agreementVersion: h.agreement_version,
      details: h.details === null || hidesDetails ? null : (JSON.parse(h.details) as Record<string, unknown>),
    };
  });
}
