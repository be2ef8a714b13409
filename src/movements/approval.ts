import type { Actor, PartyKind, Role } from '../access/actor.js';
import {
  type AgreementInForce,
  type Decision,
  decide,
  isParty,
  policyActor,
  refusedBy,
} from '../agreement/policy.js';
import { AppError, conflict, forbidden, isAppError } from '../platform/errors.js';
import { type MovementAction, nextState } from './movement.js';
import type { MovementApprovalRow, MovementRow } from './movement.tables.js';

/**
 * Joint approval of a movement, pure: which of the approvals its assessment requires are in,
 * whether a veto stands, who may approve, veto or break glass, and when a pending approval
 * escalates. The service loads the rows and the agreement in force, asks here, then writes.
 */

const hour = 3_600_000;

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

function isBreakGlass(approval: ApprovalRow): boolean {
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

/** An allowed approval, veto or break-glass: for which party, under which clause. */
export interface ApprovalAllowed {
  allow: true;
  partyId: string;
  partyKind: PartyKind;
  /** The agreement's answer: its clause and version go into the approval row and the history. */
  decision: Decision;
}

/** A refusal, as the error the service throws (or the presenter leaves the action out for). */
export interface ApprovalRefused {
  allow: false;
  error: AppError;
}

export type ApprovalVerdict = ApprovalAllowed | ApprovalRefused;

const refuse = (error: AppError): ApprovalRefused => ({ allow: false, error });

/** The refusal of a lifecycle step the movement's state does not allow, or null when it is open. */
function closedFor(movement: MovementForApproval, action: MovementAction): ApprovalRefused | null {
  try {
    nextState(movement.state, action);
    return null;
  } catch (error) {
    if (isAppError(error)) return refuse(error);
    throw error;
  }
}

const notUser = (doing: string) => refuse(forbidden(`Only a signed-in user ${doing}`, { caller: 'user' }));

/** A user never approves, vetoes or breaks glass for their own request: they may cancel it. */
function refusedAsRequester(
  actor: Actor,
  movement: MovementForApproval,
  doing: string,
): ApprovalRefused | null {
  if (actor.id !== movement.requested_by) return null;
  return refuse(
    new AppError(
      'self_approval',
      `No one approves their own request: another coordinator ${doing} (the requester may cancel it)`,
      { movementId: movement.id },
    ),
  );
}

/**
 * Whether `actor` may approve (`approved`) or veto (`rejected`) the movement now. Only a
 * coordinator of a party whose approval the agreement requires at the movement's risk level
 * (`decide(… movement.approve)`), never the user who requested it, and once per party per
 * assessment. Approving is open while the movement is `submitted`; a veto until it departs, so
 * a party that approved may still withdraw before departure.
 */
export function mayDecide(
  actor: Actor,
  decision: MovementApprovalRow['decision'],
  subject: ApprovalCase,
  agreement: AgreementInForce,
): ApprovalVerdict {
  const { movement, required, approvals } = subject;
  const closed = closedFor(movement, decision === 'approved' ? 'approve' : 'reject');
  if (closed) return closed;
  const doing = decision === 'approved' ? 'approves this movement' : 'vetoes this movement';
  if (actor.type !== 'user') return notUser(doing);
  const self = refusedAsRequester(actor, movement, doing);
  if (self) return self;
  if (movement.risk_level === null)
    return refuse(conflict('conflict', 'The movement has not been assessed yet'));

  const answer = decide(agreement, policyActor(actor), {
    type: 'movement.approve',
    riskLevel: movement.risk_level,
  });
  if (!answer.allow) return refuse(refusedBy(answer, 'decision', 'body'));
  // The assessment is what the movement was submitted under; a newer agreement re-assesses it first.
  if (!required.includes(actor.partyKind)) {
    const whose = required.length > 0 ? `the ${required.join(' and ')}'s approval` : 'no approval';
    return refuse(
      forbidden(`The movement's assessment requires ${whose}`, {
        clause: answer.clause,
        agreementVersion: answer.version,
        ...(required.length === 1 ? { partyKind: required[0] } : {}),
      }),
    );
  }
  const refusedParty = refusedAsParty(actor.partyId, actor.partyKind, movement, agreement);
  if (refusedParty) return refusedParty;

  const ours = approvals.filter((a) => isCurrent(a) && a.party_kind === actor.partyKind);
  const repeated = decision === 'approved' ? ours[0] : ours.find((a) => a.decision === 'rejected');
  if (repeated) {
    const done = repeated.decision === 'approved' ? 'approved' : 'vetoed';
    return refuse(
      conflict('already_decided', `The ${actor.partyKind} has already ${done} this movement`, {
        approvalId: repeated.id,
        decision: repeated.decision,
      }),
    );
  }
  return { allow: true, partyId: actor.partyId, partyKind: actor.partyKind, decision: answer };
}

/**
 * A partner decides only on its own movements, or on the host's: partners share nothing with
 * one another, so one partner never stands in for another.
 */
function refusedAsParty(
  partyId: string,
  partyKind: PartyKind,
  movement: MovementForApproval,
  agreement: AgreementInForce,
): ApprovalRefused | null {
  if (!isParty(agreement.document, partyId))
    return refuse(
      forbidden('Only a party to the agreement decides on a movement', { caller: 'party member' }),
    );
  const ownerIsHost = movement.party_id === agreement.document.parties.host;
  if (partyKind === 'partner' && !ownerIsHost && movement.party_id !== partyId)
    return refuse(
      forbidden("A partner decides only on its own party's movements", { party: movement.party_id }),
    );
  return null;
}

/** An allowed break-glass approval, and when the other party's review of it falls due. */
export interface BreakGlassAllowed extends ApprovalAllowed {
  reviewDueAt: Date;
}

/**
 * Whether `actor` may approve the movement alone, in an emergency: a role the agreement's
 * `emergency` clause names, with a justification of its minimum length (`decide(… emergency.act)`),
 * never the requester, while approval is open. The approval stands in for every required party
 * and is flagged for the other party's review within the clause's hours.
 */
export function mayBreakGlass(
  actor: Actor,
  justification: string,
  movement: MovementForApproval,
  agreement: AgreementInForce,
  now: Date,
): BreakGlassAllowed | ApprovalRefused {
  const closed = closedFor(movement, 'approve');
  if (closed) return closed;
  const doing = 'breaks glass for this movement';
  if (actor.type !== 'user') return notUser(doing);
  const self = refusedAsRequester(actor, movement, doing);
  if (self) return self;
  const answer = decide(agreement, policyActor(actor), { type: 'emergency.act', justification });
  if (!answer.allow) return refuse(refusedBy(answer, 'justification', 'body'));
  const refusedParty = refusedAsParty(actor.partyId, actor.partyKind, movement, agreement);
  if (refusedParty) return refusedParty;
  return {
    allow: true,
    partyId: actor.partyId,
    partyKind: actor.partyKind,
    decision: answer,
    reviewDueAt: breakGlassReviewDue(now, agreement),
  };
}

/** When the other party's review of a break-glass act at `at` falls due (`emergency.reviewWithinHours`). */
export function breakGlassReviewDue(at: Date | string, agreement: AgreementInForce): Date {
  return new Date(new Date(at).getTime() + agreement.document.emergency.reviewWithinHours * hour);
}

/**
 * Whether `actor` may review a break-glass approval: a coordinator of another party to the
 * movement than the one that broke glass, once.
 */
export function mayReview(
  actor: Actor,
  approval: ApprovalRow,
  movement: MovementForApproval,
  agreement: AgreementInForce,
): { allow: true } | ApprovalRefused {
  if (actor.type !== 'user') return notUser('reviews a break-glass approval');
  if (!isBreakGlass(approval)) return refuse(conflict('conflict', 'Only a break-glass approval is reviewed'));
  if (approval.reviewed_at !== null)
    return refuse(conflict('already_reviewed', 'This break-glass approval has already been reviewed'));
  if (!actor.roles.includes('coordinator'))
    return refuse(forbidden('Only a coordinator reviews a break-glass approval', { roles: ['coordinator'] }));
  if (actor.partyId === approval.party_id) {
    return refuse(
      forbidden('The other party reviews a break-glass approval, not the party that broke glass', {
        caller: 'party member',
        partyKind: approval.party_kind === 'host' ? 'partner' : 'host',
      }),
    );
  }
  return refusedAsParty(actor.partyId, actor.partyKind, movement, agreement) ?? { allow: true };
}

/**
 * When a required approval left pending escalates: `approvalTimeoutHours` (the agreement's
 * `movements` clause) after approval opened, at submission or at the fall-back to `submitted`.
 */
export function approvalDeadline(openedAt: Date | string, agreement: AgreementInForce): Date {
  return new Date(new Date(openedAt).getTime() + agreement.document.movements.approvalTimeoutHours * hour);
}

/** The scheduler job kind of an approval time-out. */
export const approvalTimeoutKind = 'movement.approval_timeout';

/** What an approval time-out job carries: the movement and the approval round it times. */
export interface ApprovalTimeoutPayload {
  movementId: string;
  /** When approval opened: a round of approvals is named by it. */
  openedAt: string;
}

/**
 * The durable job that times a round of approvals, for `scheduler.schedule(tx, …)` in the write
 * that opens it (submit, or the fall-back to `submitted`). Its key is per movement and round, so
 * a round is timed once and a new round (after a re-assessment) has its own job.
 */
export function approvalTimeoutJob(
  movementId: string,
  openedAt: Date | string,
  agreement: AgreementInForce,
): { kind: typeof approvalTimeoutKind; key: string; dueAt: Date; payload: ApprovalTimeoutPayload } {
  const opened = new Date(openedAt).toISOString();
  return {
    kind: approvalTimeoutKind,
    key: `${approvalTimeoutKind}:${movementId}:${opened}`,
    dueAt: approvalDeadline(opened, agreement),
    payload: { movementId, openedAt: opened },
  };
}

/** What an approval time-out job does when it runs. */
export type ApprovalEscalation =
  /** Escalate: these required parties have not decided; tell these roles of each. */
  | {
      status: 'escalate';
      missing: PartyKind[];
      escalateTo: Role[];
      deadline: string;
      clause: 'movements.approvalTimeoutHours';
      version: number;
    }
  /** Not yet: the agreement in force now allows longer; schedule the job again for `dueAt`. */
  | { status: 'later'; dueAt: Date }
  /** Nothing to do: the round is over (decided, vetoed, superseded, or the movement moved on). */
  | { status: 'settled'; reason: string };

/**
 * What an approval time-out job should do at `now`: escalate the approvals still missing in its
 * round, wait longer, or nothing. `openedAt` is when the movement's current round opened (its
 * latest entry into `submitted`), so a job of an earlier round does nothing.
 */
export function approvalEscalation(
  payload: ApprovalTimeoutPayload,
  subject: ApprovalCase & { openedAt: Date | string },
  agreement: AgreementInForce,
  now: Date,
): ApprovalEscalation {
  const { movement, required, approvals } = subject;
  if (movement.state !== 'submitted')
    return { status: 'settled', reason: `the movement is ${movement.state}` };
  if (new Date(subject.openedAt).getTime() !== new Date(payload.openedAt).getTime())
    return { status: 'settled', reason: 'a later round of approvals has its own time-out' };
  const status = approvalStatus(required, approvals, now);
  if (status.veto) return { status: 'settled', reason: 'a veto stands' };
  if (status.complete) return { status: 'settled', reason: 'every required approval is in' };
  const deadline = approvalDeadline(payload.openedAt, agreement);
  if (deadline.getTime() > now.getTime()) return { status: 'later', dueAt: deadline };
  return {
    status: 'escalate',
    missing: status.missing,
    escalateTo: [...agreement.document.movements.escalateTo],
    deadline: deadline.toISOString(),
    clause: 'movements.approvalTimeoutHours',
    version: agreement.version,
  };
}
