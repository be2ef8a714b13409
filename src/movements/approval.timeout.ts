import type { PartyKind, Role } from '../access/actor.js';
import type { AgreementInForce } from '../agreement/policy.js';
import { type ApprovalCase, approvalStatus } from './approval.js';

/**
 * The approval time-out, pure: when a required approval left pending escalates, the durable job
 * that times a round of approvals, and what that job does when it runs.
 */

const hour = 3_600_000;

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
