import type { Db, Tx } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import type { LoginAttemptRow } from './access.tables.js';
import { decideAttempt, type FailureRecord, type ThrottleKey, throttleKeys } from './throttle.js';
import * as repo from './throttle.repository.js';

/** An attempt to prove a secret (password, authenticator code) that has been counted in advance. */
export interface AttemptClaim {
  keys: ThrottleKey[];
}

function recordOf(row: LoginAttemptRow): FailureRecord | undefined {
  return row.failures > 0
    ? { failures: row.failures, firstFailureAt: row.first_failure_at, lastFailureAt: row.last_failure_at }
    : undefined;
}

/** The one gate in front of every check of a user's password or authenticator code. */
export function throttleService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /**
     * Counts the attempt as a failure before the secret is checked, in one transaction holding
     * the attempt's rows, so parallel guesses are counted one after the other. Throws
     * `login_throttled` (nothing counted) while the address or the account-and-address pair must
     * wait; sits out the account's slow-down before returning.
     */
    async claim(username: string, clientAddress: string): Promise<AttemptClaim> {
      const keys = throttleKeys(username, clientAddress);
      const slowMs = await inTransaction(db, async (trx) => {
        const now = clock.now();
        const rows: LoginAttemptRow[] = [];
        for (const { key } of keys) rows.push(await repo.lockLoginAttempt(trx, key, now.toISOString()));
        const decision = decideAttempt(
          keys.map(({ kind }, i) => ({ kind, record: recordOf(rows[i]!) })),
          now,
        );
        if (decision.outcome === 'refused') {
          const retryAfterSeconds = Math.ceil(decision.waitMs / 1000);
          throw new AppError('login_throttled', `Too many failed attempts: wait ${retryAfterSeconds} s`, {
            retryAfterSeconds,
          });
        }
        for (const [i, { key }] of keys.entries()) {
          const record = decision.records[i]!;
          await repo.saveLoginAttempt(trx, {
            key,
            failures: record.failures,
            first_failure_at: record.firstFailureAt,
            last_failure_at: record.lastFailureAt,
          });
        }
        return decision.slowMs;
      });
      // Outside the transaction: a slowed attempt holds no lock while it waits.
      if (slowMs > 0) await clock.sleep(slowMs);
      return { keys };
    },

    /**
     * The claimed attempt proved right: inside the caller's transaction, it stops counting, and the
     * pair's earlier failures (this client's own typos) are cleared. The address and the account
     * keep failures that other attempts made.
     */
    async succeeded(trx: Tx, claim: AttemptClaim): Promise<void> {
      for (const { kind, key } of claim.keys) {
        if (kind === 'pair') await repo.clearLoginFailures(trx, key);
        else await repo.forgiveLoginFailure(trx, key);
      }
    },
  };
}

export type ThrottleService = ReturnType<typeof throttleService>;
