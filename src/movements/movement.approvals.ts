import { randomUUID } from 'node:crypto';
import type { Actor, PartyKind, SystemActor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import type { AgreementInForce } from '../agreement/policy.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Database, Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { AppError, conflict, notFound } from '../platform/errors.js';
import type { Page, PageRequest } from '../platform/paging.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { Viewing } from '../registry/registry.presenter.js';
import type { RegistryAccess } from '../registry/visibility.js';
import { approvalCaseOf, approvalStatus } from './approval.js';
import { breakGlassReviewDue, mayBreakGlass, mayDecide, mayReview } from './approval.allowances.js';
import { approvalEscalation, approvalTimeoutJob, type ApprovalTimeoutPayload } from './approval.timeout.js';
import * as approvalRepo from './approval.repository.js';
import type { Movement } from './movement.record.js';
import * as repo from './movement.repository.js';
import type { MovementService } from './movement.service.js';
import type { MovementApprovalRow } from './movement.tables.js';
import {
  loadMovement,
  loadMovements,
  type MovementTransitionHook,
  movementTransitions,
} from './movement.transition.js';
import { presentBreakGlassQueue, type QueuedBreakGlass } from './break-glass.presenter.js';

/**
 * Joint approval of movements as use cases: approve, veto, break glass, review a break-glass
 * approval, the review queue, and the approval time-out. The rules are approval.ts's; each change
 * goes through the one transition of the core (history with the agreement version, audit entry,
 * `movement.changed`).
 */

function inForce(agreement: AgreementInForce | null): AgreementInForce {
  if (!agreement)
    throw new AppError('agreement_not_in_force', 'No agreement is in force: no one may approve');
  return agreement;
}

/**
 * What opens a round of approvals when a movement enters `submitted`, in the same write: the
 * time-out job on the durable scheduler, or, when the assessment requires no approval at all
 * (`approvalStatus(...).complete` with nothing missing), the movement goes on to `approved` at
 * once, as the server, since no party has anything to decide.
 */
export function approvalRoundOpener(deps: {
  writes: AuditedWrites;
  agreements: AgreementService;
  scheduler: Scheduler<Database>;
  server: SystemActor;
}): MovementTransitionHook {
  const { agreements, scheduler, server } = deps;
  const transition = movementTransitions(deps);
  return async (scope: WriteScope, movement: Movement) => {
    const agreement = await agreements.inForceWithin(scope.tx);
    const rows = await repo.approvalsOf(scope.tx, movement.id);
    const subject = approvalCaseOf(movement, rows);
    if (approvalStatus(subject.required, rows, scope.now).complete) {
      await transition(server, movement, {
        action: 'approve',
        kind: 'approve',
        audit: 'movement.approved',
        details: {
          automatic: true,
          reason: 'the assessment requires no approval',
          clause: movement.assessment?.required.clause ?? null,
        },
      });
      return;
    }
    // Without an agreement in force nothing is timed: no one may approve until one is.
    if (agreement) await scheduler.schedule(scope.tx, approvalTimeoutJob(movement.id, scope.now, agreement));
  };
}

export function movementApprovals(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  agreements: AgreementService;
  access: RegistryAccess;
  scheduler: Scheduler<Database>;
  movements: Pick<MovementService, 'get'>;
  /** The actor of the time-out's escalation. */
  server: SystemActor;
  /** Makes an approved movement ready when its escort already meets the requirement (escorts). */
  settle?: (actor: Actor, id: string) => Promise<Movement>;
}) {
  const { db, clock, writes, agreements, access, scheduler, movements, server, settle } = deps;
  /** Once approved, a movement whose escort is already complete goes on to `ready`. */
  const settled = async (actor: Actor, movement: Movement) =>
    movement.state === 'approved' && settle ? settle(actor, movement.id) : movement;
  const transition = movementTransitions({ writes, agreements });

  /** The movement as the actor sees it, its approval rows, and the agreement in force. */
  async function load(actor: Actor, id: string) {
    const viewing = await access.viewing(actor);
    const movement = await movements.get(viewing, id);
    const agreement = inForce(viewing.agreement);
    const rows = await repo.approvalsOf(db, id);
    return { movement, agreement, rows, subject: approvalCaseOf(movement, rows) };
  }

  const approvalRow = (
    movement: Movement,
    actor: Actor,
    fields: Pick<
      MovementApprovalRow,
      'party_id' | 'party_kind' | 'decision' | 'reason' | 'agreement_version'
    > &
      Partial<MovementApprovalRow>,
  ): MovementApprovalRow => ({
    id: randomUUID(),
    movement_id: movement.id,
    decided_by: actor.id,
    break_glass: 0,
    superseded: 0,
    decided_at: '',
    review_due_at: null,
    reviewed_by: null,
    reviewed_at: null,
    review_note: null,
    ...fields,
  });

  /** Escalates a round of approvals still pending at its time-out, once; or waits longer. */
  async function timeOut(payload: ApprovalTimeoutPayload, now: Date): Promise<void> {
    const movement = await loadMovement(db, payload.movementId);
    const agreement = await agreements.inForce();
    const round = await approvalRepo.currentRound(db, payload.movementId);
    if (!movement || !agreement || !round || round.escalated) return;
    const subject = approvalCaseOf(movement, await repo.approvalsOf(db, movement.id));
    const outcome = approvalEscalation(payload, { ...subject, openedAt: round.openedAt }, agreement, now);
    if (outcome.status === 'settled') return;
    if (outcome.status === 'later') {
      // This job is running, not pending, so its key is free for the next run.
      const job = approvalTimeoutJob(movement.id, payload.openedAt, agreement);
      await scheduler.schedule(db, { ...job, dueAt: outcome.dueAt });
      return;
    }
    const parties = partiesOf(agreement, movement, outcome.missing);
    await transition(server, movement, {
      kind: 'escalate',
      audit: 'movement.escalated',
      fields: [],
      details: {
        missing: outcome.missing,
        parties,
        escalateTo: outcome.escalateTo,
        deadline: outcome.deadline,
        clause: outcome.clause,
      },
      work: async ({ publish }) =>
        publish('movement.escalated', {
          movementId: movement.id,
          partyId: movement.partyId,
          missing: outcome.missing,
          parties,
          escalateTo: outcome.escalateTo,
          deadline: outcome.deadline,
          agreementVersion: outcome.version,
        }),
    });
  }

  return {
    /** The scheduler's handler of approval time-outs (registered in services.ts). */
    timeOut,

    /**
     * Approves (`approved`) or vetoes (`rejected`, with a reason) as the actor's party. The last
     * required approval makes the movement `approved`; a veto rejects it.
     */
    async decide(
      actor: Actor,
      id: string,
      decision: MovementApprovalRow['decision'],
      reason: string | null,
    ): Promise<Movement> {
      const { movement, agreement, rows, subject } = await load(actor, id);
      const verdict = mayDecide(actor, decision, subject, agreement);
      if (!verdict.allow) throw verdict.error;
      const row = approvalRow(movement, actor, {
        party_id: verdict.partyId,
        party_kind: verdict.partyKind,
        decision,
        reason,
        agreement_version: verdict.decision.version,
      });
      // Whether this decision completes the round does not depend on the time.
      const status = approvalStatus(subject.required, [...rows, row], clock.now());
      const details = {
        approvalId: row.id,
        partyKind: row.party_kind,
        decision,
        ...(reason ? { reason } : {}),
        clause: verdict.decision.clause,
        missing: status.missing,
      };
      const work = async ({ tx, now }: WriteScope) =>
        approvalRepo.insertApproval(tx, { ...row, decided_at: now.toISOString() });
      if (decision === 'rejected')
        return transition(actor, movement, {
          action: 'reject',
          kind: 'reject',
          audit: 'movement.rejected',
          columns: () => ({ ended_reason: reason }),
          fields: ['approvals', 'ended_reason'],
          details,
          work,
        });
      const decided = await transition(actor, movement, {
        ...(status.complete ? { action: 'approve' as const } : {}),
        kind: status.complete ? 'approve' : 'approval',
        audit: status.complete ? 'movement.approved' : 'movement.approval_given',
        fields: ['approvals'],
        details,
        work,
      });
      return settled(actor, decided);
    },

    /**
     * Approves alone in an emergency, as the agreement's `emergency` clause lets the actor's role,
     * with a justification: the movement is `approved`, and the approval is flagged for the other
     * party's review.
     */
    async breakGlass(actor: Actor, id: string, justification: string): Promise<Movement> {
      const { movement, agreement } = await load(actor, id);
      const verdict = mayBreakGlass(
        actor,
        justification,
        approvalCaseOf(movement, []).movement,
        agreement,
        clock.now(),
      );
      if (!verdict.allow) throw verdict.error;
      const row = approvalRow(movement, actor, {
        party_id: verdict.partyId,
        party_kind: verdict.partyKind,
        decision: 'approved',
        reason: justification,
        break_glass: 1,
        agreement_version: verdict.decision.version,
      });
      const approved = await transition(actor, movement, {
        action: 'approve',
        kind: 'break_glass',
        audit: 'movement.break_glass',
        fields: ['approvals'],
        details: {
          approvalId: row.id,
          partyKind: row.party_kind,
          justification,
          clause: verdict.decision.clause,
        },
        work: ({ tx, now }) =>
          approvalRepo.insertApproval(tx, {
            ...row,
            decided_at: now.toISOString(),
            review_due_at: breakGlassReviewDue(now, agreement).toISOString(),
          }),
      });
      return settled(actor, approved);
    },

    /** The other party's review of a break-glass approval, with a note: its flag is then cleared. */
    async review(actor: Actor, id: string, approvalId: string, note: string): Promise<Movement> {
      const { movement, agreement, rows } = await load(actor, id);
      const approval = rows.find((a) => a.id === approvalId);
      if (!approval) throw notFound('not_found', 'Approval');
      const verdict = mayReview(actor, approval, approvalCaseOf(movement, rows).movement, agreement);
      if (!verdict.allow) throw verdict.error;
      return transition(actor, movement, {
        kind: 'break_glass_review',
        audit: 'movement.break_glass_reviewed',
        fields: ['approvals'],
        details: { approvalId, note },
        work: async ({ tx, now }) => {
          const reviewed = await approvalRepo.reviewApproval(tx, approvalId, {
            reviewed_by: actor.id,
            reviewed_at: now.toISOString(),
            review_note: note,
          });
          if (!reviewed)
            throw conflict('already_reviewed', 'This break-glass approval has already been reviewed');
        },
      });
    },

    /**
     * Break-glass approvals on the movements the viewing may see, by review status (without one:
     * every one not yet reviewed, pending or overdue), earliest review due first; each with its
     * movement, under the movement's sharing (break-glass.presenter.ts).
     */
    async breakGlassQueue(
      viewing: Viewing,
      query: PageRequest & { status?: 'pending' | 'overdue' | 'reviewed' | undefined },
    ): Promise<Page<QueuedBreakGlass>> {
      const now = clock.now();
      const at = now.toISOString();
      const { status } = query;
      const page = await approvalRepo.breakGlassApprovals(db, {
        ...query,
        reviewed: status === 'reviewed',
        ...(status === 'overdue' ? { due: { by: at } } : status === 'pending' ? { due: { after: at } } : {}),
        ownerIds: await access.visibleOwners(viewing, 'movement'),
        partyId: viewing.viewer.partyId,
      });
      // The page's movements in a few queries, whatever their count.
      const movements = await loadMovements(db, [...new Set(page.items.map((a) => a.movement_id))]);
      return { items: presentBreakGlassQueue(viewing, page.items, movements, now), next: page.next };
    },
  };
}

/**
 * The parties whose approval is missing: the host, and for `partner` the movement's own party
 * when it is a partner's, else every partner the agreement names (any of them may decide).
 */
function partiesOf(agreement: AgreementInForce, movement: Movement, missing: readonly PartyKind[]): string[] {
  const { host, partners } = agreement.document.parties;
  return missing.flatMap((kind) =>
    kind === 'host' ? [host] : movement.partyKind === 'partner' ? [movement.partyId] : [...partners],
  );
}

export type MovementApprovals = ReturnType<typeof movementApprovals>;
