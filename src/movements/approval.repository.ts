import { sql, type SqlBool } from 'kysely';
import type { Db, Tx } from '../database.js';
import { keysetPage, type PageKey, type PageRequest } from '../platform/paging.js';
import type { MovementApprovalRow } from './movement.tables.js';

// Approvals, vetoes, break-glass approvals and their review; the approval use cases write them.

export async function insertApproval(tx: Tx, row: MovementApprovalRow): Promise<void> {
  await tx.insertInto('movement_approvals').values(row).execute();
}

export async function findApproval(
  db: Db,
  movementId: string,
  id: string,
): Promise<MovementApprovalRow | undefined> {
  return db
    .selectFrom('movement_approvals')
    .selectAll()
    .where('movement_id', '=', movementId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Records the other party's review of a break-glass approval, once: false if it was reviewed first. */
export async function reviewApproval(
  tx: Tx,
  id: string,
  review: { reviewed_by: string; reviewed_at: string; review_note: string },
): Promise<boolean> {
  const result = await tx
    .updateTable('movement_approvals')
    .set(review)
    .where('id', '=', id)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The current round of approvals of a movement: when it last entered `submitted` (submit or the
 * fall-back after a re-assessment), and whether that round has escalated already.
 */
export async function currentRound(
  db: Db,
  movementId: string,
): Promise<{ openedAt: string; escalated: boolean } | null> {
  const opened = await db
    .selectFrom('movement_history')
    .select('at')
    .where('movement_id', '=', movementId)
    .where('to_state', '=', 'submitted')
    .where((eb) => eb.or([eb('from_state', 'is', null), eb('from_state', '!=', 'submitted')]))
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!opened) return null;
  const escalation = await db
    .selectFrom('movement_history')
    .select('seq')
    .where('movement_id', '=', movementId)
    .where('kind', '=', 'escalate')
    .where('at', '>=', opened.at)
    .limit(1)
    .executeTakeFirst();
  return { openedAt: opened.at, escalated: escalation !== undefined };
}

/** A break-glass approval with its movement's party, for the review queue. */
export type QueuedApprovalRow = MovementApprovalRow & { movement_party_id: string };

const byDue: PageKey<QueuedApprovalRow>[] = [
  { column: 'movement_approvals.review_due_at', kind: 'string', of: (a) => a.review_due_at ?? '' },
  { column: 'movement_approvals.id', kind: 'string', of: (a) => a.id },
];

/**
 * One page of break-glass approvals, unreviewed or reviewed, earliest review due first: those on
 * the movements of `ownerIds` (the parties whose movements the viewer sees) and those the viewer's
 * party gave, so the visibility is part of the query.
 */
export async function breakGlassApprovals(
  db: Db,
  filter: PageRequest & {
    reviewed: boolean;
    /** Unreviewed ones due by this time (overdue), or due after it (pending). */
    due?: { by: string } | { after: string };
    ownerIds: readonly string[];
    partyId: string | null;
  },
) {
  let query = db
    .selectFrom('movement_approvals')
    .innerJoin('movements', 'movements.id', 'movement_approvals.movement_id')
    .selectAll('movement_approvals')
    .select('movements.party_id as movement_party_id')
    .where('movement_approvals.break_glass', '=', 1)
    .where('movement_approvals.decision', '=', 'approved')
    .where('movement_approvals.reviewed_at', filter.reviewed ? 'is not' : 'is', null)
    .where((eb) => {
      const shown = [];
      if (filter.ownerIds.length > 0) shown.push(eb('movements.party_id', 'in', [...filter.ownerIds]));
      if (filter.partyId) shown.push(eb('movement_approvals.party_id', '=', filter.partyId));
      return shown.length > 0 ? eb.or(shown) : sql<SqlBool>`1 = 0`;
    });
  const { due } = filter;
  if (due && 'by' in due) query = query.where('movement_approvals.review_due_at', '<=', due.by);
  if (due && 'after' in due) query = query.where('movement_approvals.review_due_at', '>', due.after);
  return keysetPage(query, byDue, 'asc', filter);
}
