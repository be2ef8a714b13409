import { type Presented, present, type Viewing } from '../registry/registry.presenter.js';
import { approvalStatus } from './approval.js';
import type { QueuedApprovalRow } from './approval.repository.js';
import type { Movement } from './movement.record.js';

/** A break-glass approval in the review queue, as a viewer sees it, with its movement. */
export interface QueuedBreakGlass {
  movementId: string;
  movementPartyId: string;
  approvalId: string;
  partyId: string;
  partyKind: 'host' | 'partner';
  decidedBy: string;
  decidedAt: string;
  justification: string | null;
  superseded: boolean;
  agreementVersion: number;
  review: 'pending' | 'overdue' | 'reviewed';
  dueAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  note: string | null;
  /** The movement under the agreement's sharing, as GET /movements/:id shows it to the viewer. */
  movement: Presented<'movement'>;
}

/**
 * The review queue under the movements' sharing: each approval is shown with its movement as the
 * one presenter shows it, and only where that presentation shows the movement's `approvals` (a
 * break-glass approval is one of them) or the viewer's own party gave it. An approval on a
 * movement the viewer is not shown, or whose approvals the agreement withholds from them, is
 * left out, as `present` leaves out a record it does not share.
 */
export function presentBreakGlassQueue(
  viewing: Viewing,
  rows: readonly QueuedApprovalRow[],
  movements: readonly Movement[],
  now: Date,
): QueuedBreakGlass[] {
  const shown = new Map(present(viewing, 'movement', movements).map((m) => [m.id, m]));
  return rows.flatMap((row): QueuedBreakGlass[] => {
    const movement = shown.get(row.movement_id);
    if (!movement) return [];
    const own = row.party_id === viewing.viewer.partyId;
    if (!own && movement.withheld.includes('approvals')) return [];
    const [flag] = approvalStatus([], [row], now).unreviewed;
    return [
      {
        movementId: row.movement_id,
        movementPartyId: row.movement_party_id,
        approvalId: row.id,
        partyId: row.party_id,
        partyKind: row.party_kind,
        decidedBy: row.decided_by,
        decidedAt: row.decided_at,
        justification: row.reason,
        superseded: row.superseded !== 0,
        agreementVersion: row.agreement_version,
        review: flag?.review ?? 'reviewed',
        dueAt: row.review_due_at,
        reviewedBy: row.reviewed_by,
        reviewedAt: row.reviewed_at,
        note: row.review_note,
        movement,
      },
    ];
  });
}
