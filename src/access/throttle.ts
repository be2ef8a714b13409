/**
 * Login throttling: after a few free failures each further failure doubles the wait, up to a
 * ceiling. Nothing locks an account for good, so an attacker cannot shut a user out; a success
 * clears the account's count, and a quiet window clears everything.
 */
export const throttleRules = {
  account: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 },
  address: { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 },
  /** Failures older than this no longer count. */
  windowMs: 60 * 60_000,
} as const;

export interface FailureRecord {
  failures: number;
  lastFailureAt: string;
}

/** Milliseconds the caller must still wait before another attempt; 0 when it may try now. */
export function waitBeforeAttempt(
  record: FailureRecord | undefined,
  rule: { freeFailures: number; baseDelayMs: number; maxDelayMs: number },
  now: Date,
): number {
  if (!record) return 0;
  const sinceLast = now.getTime() - new Date(record.lastFailureAt).getTime();
  if (sinceLast >= throttleRules.windowMs) return 0;
  const over = record.failures - rule.freeFailures;
  if (over < 0) return 0;
  const delay = Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(over, 30));
  return Math.max(0, delay - sinceLast);
}

/** The stored key for an account's or an address's failures. */
export function throttleKey(kind: 'account' | 'address', value: string): string {
  return `${kind}:${value.toLowerCase()}`;
}
