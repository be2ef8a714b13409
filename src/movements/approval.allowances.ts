import type { Actor, PartyKind } from '../access/actor.js';
import {
  type AgreementInForce,
  type Decision,
  decide,
  isParty,
  policyActor,
  refusedBy,
} from '../agreement/policy.js';
import { AppError, conflict, forbidden, isAppError } from '../platform/errors.js';
import {
  type ApprovalCase,
  type ApprovalRow,
  isBreakGlass,
  isCurrent,
  type MovementForApproval,
} from './approval.js';
import type { MovementApprovalRow } from './movement.tables.js';
import { type MovementAction, nextState } from './movement.js';

/**
 * Who may approve, veto, break glass or review a break-glass approval of a movement, pure: each
 * answer an allowance naming party and clause, or the refusal the service throws (and the
 * presenter leaves the action out for).
 */

const hour = 3_600_000;

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
