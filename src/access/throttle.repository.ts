import { sql } from 'kysely';
import type { Tx } from '../database.js';
import type { LoginAttemptRow } from './access.tables.js';

/**
 * Returns a key's row, creating an empty one, and holds it until the transaction ends: a no-op
 * upsert takes PostgreSQL's row lock and SQLite's write lock, so a concurrent attempt on the same
 * key waits and then reads the count this one leaves.
 */
export async function lockLoginAttempt(tx: Tx, key: string, at: string): Promise<LoginAttemptRow> {
  return tx
    .insertInto('login_attempts')
    .values({ key, failures: 0, first_failure_at: at, last_failure_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ key: sql<string>`excluded.key` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function saveLoginAttempt(tx: Tx, row: LoginAttemptRow): Promise<void> {
  await tx
    .updateTable('login_attempts')
    .set({
      failures: row.failures,
      first_failure_at: row.first_failure_at,
      last_failure_at: row.last_failure_at,
    })
    .where('key', '=', row.key)
    .execute();
}

/** Takes one failure off a key's count (an attempt claimed that proved right), dropping an empty row. */
export async function forgiveLoginFailure(tx: Tx, key: string): Promise<void> {
  await tx
    .updateTable('login_attempts')
    .set({ failures: sql<number>`failures - 1` })
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
  await tx.deleteFrom('login_attempts').where('key', '=', key).where('failures', '<=', 0).execute();
}

export async function clearLoginFailures(tx: Tx, key: string): Promise<void> {
  await tx.deleteFrom('login_attempts').where('key', '=', key).execute();
}
