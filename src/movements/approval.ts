import type { PartyKind } from '../access/actor.js';
import type { Movement } from './movement.record.js';
import type { MovementApprovalRow, MovementRow } from './movement.tables.js';

/**
 * Joint approval of a movement, pure: which of the approvals its assessment requires are in and
 * whether a veto stands. Who may approve, veto or break glass is approval.allowances.ts; when a
 * pending approval escalates, approval.timeout.ts. The service loads the rows and the agreement in
 * force, asks there, then writes.
 */

/** An approval or veto as these rules read it: a `movement_approvals` row. */
export type ApprovalRow = Pick<
  MovementApprovalRow,
  | 'id'
  | 'party_id'
  | 'party_kind'
  | 'decided_by'
  | 'decision'
  | 'break_glass'
  | 'superseded'
  | 'decided_at'
  | 'review_due_at'
  | 'reviewed_at'
>;

/** The movement as these rules read it. */
export type MovementForApproval = Pick<
  MovementRow,
  'id' | 'party_id' | 'state' | 'requested_by' | 'risk_level'
>;

/** A movement with the approvals its assessment requires and every approval row it has. */
export interface ApprovalCase<A extends ApprovalRow = ApprovalRow> {
  movement: MovementForApproval;
  /** Whose coordinator must approve: the assessment's `required.approvals`. */
  required: readonly PartyKind[];
  /** Every approval row of the movement, superseded ones too. */
  approvals: readonly A[];
}

/** A break-glass approval and where its review stands. */
export interface BreakGlassFlag<A extends ApprovalRow = ApprovalRow> {
  approval: A;
  dueAt: string | null;
  review: 'pending' | 'overdue' | 'reviewed';
}

export interface ApprovalStatus<A extends ApprovalRow = ApprovalRow> {
  /**
   * The required parties counted as approved: those that approved, or all of them under a
   * break-glass approval. What `decide(… { type: 'movement.depart', approvedBy })` takes.
   */
  approvedBy: PartyKind[];
  /** The required parties whose approval is still awaited. */
  missing: PartyKind[];
  /** The earliest standing veto, if any: it rejects the movement whatever else is in. */
  veto: A | null;
  /** The standing break-glass approval, which counts alone for every required party. */
  breakGlass: BreakGlassFlag<A> | null;
  /** Every required approval is in (or break-glass stands in for them all) and no veto stands. */
  complete: boolean;
  /**
   * Break-glass approvals not yet reviewed, superseded ones too: the act happened, so its flag
   * stays until the other party has reviewed it.
   */
  unreviewed: BreakGlassFlag<A>[];
}

/** Earliest first; the id breaks ties so the answer never depends on the order rows came in. */
function byDecision(a: ApprovalRow, b: ApprovalRow): number {
  return a.decided_at.localeCompare(b.decided_at) || a.id.localeCompare(b.id);
}

/** Whether a row still counts: a re-assessment that raised the requirement supersedes it. */
export function isCurrent(approval: ApprovalRow): boolean {
  return approval.superseded === 0;
}

export function isBreakGlass(approval: ApprovalRow): boolean {
  return approval.break_glass !== 0 && approval.decision === 'approved';
}

function flagOf<A extends ApprovalRow>(approval: A, now: Date): BreakGlassFlag<A> {
  const dueAt = approval.review_due_at;
  const review =
    approval.reviewed_at !== null
      ? 'reviewed'
      : dueAt !== null && new Date(dueAt).getTime() <= now.getTime()
        ? 'overdue'
        : 'pending';
  return { approval, dueAt, review };
}

/** Where a movement's joint approval stands, from its approval rows (superseded rows do not count). */
export function approvalStatus<A extends ApprovalRow>(
  required: readonly PartyKind[],
  approvals: readonly A[],
  now: Date,
): ApprovalStatus<A> {
  const sorted = [...approvals].sort(byDecision);
  const current = sorted.filter(isCurrent);
  const veto = current.find((a) => a.decision === 'rejected') ?? null;
  const glass = current.find(isBreakGlass);
  const approvedBy = glass
    ? [...required]
    : required.filter((kind) => current.some((a) => a.party_kind === kind && a.decision === 'approved'));
  const missing = required.filter((kind) => !approvedBy.includes(kind));
  return {
    approvedBy,
    missing,
    veto,
    breakGlass: glass ? flagOf(glass, now) : null,
    complete: veto === null && missing.length === 0,
    unreviewed: sorted
      .filter(isBreakGlass)
      .map((a) => flagOf(a, now))
      .filter((f) => f.review !== 'reviewed'),
  };
}

/** What the approval rules read of a movement and its approval rows. */
export function approvalCaseOf<A extends ApprovalRow>(
  movement: Movement,
  approvals: readonly A[],
): ApprovalCase<A> {
  return {
    movement: {
      id: movement.id,
      party_id: movement.partyId,
      state: movement.state,
      requested_by: movement.requestedBy,
      risk_level: movement.riskLevel,
    },
    required: movement.assessment?.required.approvals ?? [],
    approvals,
  };
}
