import { sql } from 'kysely';
import type { Db } from '../database.js';

/** The window over which a user's clearance allowance counts persons. */
export const clearanceWindowMs = 60 * 60_000;

export type QuotaClaim =
  { granted: true; used: number } | { granted: false; used: number; windowEndsAt: Date };

/**
 * Adds `persons` to the user's count in the current hour, in one statement, if the count stays
 * within `limit`; a window an hour old starts afresh. Atomic on both back ends (an upsert with a
 * condition), so parallel requests cannot all pass a check made before any of them counted.
 */
export async function claimClearanceQuota(
  trx: Db,
  claim: { userId: string; persons: number; limit: number; now: Date },
): Promise<QuotaClaim> {
  const now = claim.now.toISOString();
  const expired = new Date(claim.now.getTime() - clearanceWindowMs).toISOString();
  const claimed = await sql<{ persons: number }>`
    insert into clearance_quotas (user_id, window_started_at, persons)
    values (${claim.userId}, ${now}, ${claim.persons})
    on conflict (user_id) do update set
      persons = case when clearance_quotas.window_started_at <= ${expired}
        then excluded.persons else clearance_quotas.persons + excluded.persons end,
      window_started_at = case when clearance_quotas.window_started_at <= ${expired}
        then excluded.window_started_at else clearance_quotas.window_started_at end
    where clearance_quotas.window_started_at <= ${expired}
      or clearance_quotas.persons + excluded.persons <= ${claim.limit}
    returning persons`.execute(trx);
  const row = claimed.rows[0];
  if (row) return { granted: true, used: Number(row.persons) };
  const current = await trx
    .selectFrom('clearance_quotas')
    .select(['window_started_at', 'persons'])
    .where('user_id', '=', claim.userId)
    .executeTakeFirstOrThrow();
  return {
    granted: false,
    used: Number(current.persons),
    windowEndsAt: new Date(new Date(current.window_started_at).getTime() + clearanceWindowMs),
  };
}
