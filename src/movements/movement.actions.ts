import type { Actor } from '../access/actor.js';
import type { AgreementInForce } from '../agreement/policy.js';
import { type ApprovalRow, approvalCaseOf, approvalStatus } from './approval.js';
import { mayBreakGlass, mayDecide, mayReview } from './approval.allowances.js';
import type { Movement, MovementApproval } from './movement.record.js';

/**
 * What the presenter adds to a movement for its viewer, pure: the approval actions the viewer may
 * take now (the allowances of approval.ts, not restated) and each break-glass review's status at
 * the viewing's time.
 */

export const movementActionNames = ['approve', 'reject', 'break_glass', 'review'] as const;
export type MovementActionName = (typeof movementActionNames)[number];

/** A presented approval as the approval rules read it. */
function rowOf(a: MovementApproval): ApprovalRow {
  return {
    id: a.id,
    party_id: a.partyId,
    party_kind: a.partyKind,
    decided_by: a.decidedBy,
    decision: a.decision,
    break_glass: a.breakGlass ? 1 : 0,
    superseded: a.superseded ? 1 : 0,
    decided_at: a.decidedAt,
    review_due_at: a.review?.dueAt ?? null,
    reviewed_at: a.review?.reviewedAt ?? null,
  };
}

/** The approvals with each break-glass review's status at `at`: pending, overdue or reviewed. */
export function approvalsAt(approvals: readonly MovementApproval[], at: Date): MovementApproval[] {
  const flags = new Map(
    approvalStatus([], approvals.map(rowOf), at).unreviewed.map((f) => [f.approval.id, f.review]),
  );
  return approvals.map((a) => {
    const status = flags.get(a.id);
    return a.review && status ? { ...a, review: { ...a.review, status } } : a;
  });
}

/** The approval actions `viewer` may take on the movement now, under the agreement in force. */
export function movementActions(
  viewer: Actor,
  agreement: AgreementInForce | null,
  movement: Movement,
  at: Date,
): MovementActionName[] {
  if (!agreement) return [];
  const rows = movement.approvals.map(rowOf);
  const subject = approvalCaseOf(movement, rows);
  // Whether the role may break glass at all: any justification of the minimum length will do.
  const anyJustification = 'x'.repeat(agreement.document.emergency.justificationMinLength);
  const allowed: Record<MovementActionName, boolean> = {
    approve: mayDecide(viewer, 'approved', subject, agreement).allow,
    reject: mayDecide(viewer, 'rejected', subject, agreement).allow,
    break_glass: mayBreakGlass(viewer, anyJustification, subject.movement, agreement, at).allow,
    review: rows.some(
      (row) => row.reviewed_at === null && mayReview(viewer, row, subject.movement, agreement).allow,
    ),
  };
  return movementActionNames.filter((name) => allowed[name]);
}
