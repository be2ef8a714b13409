/**
 * Sign-in throttling, as pure rules. Every attempt is claimed (counted as a failure) before its
 * secret is checked, so parallel guesses cannot all slip in before the first failure counts. Three
 * counts apply:
 * - the client address: 20 free failures, then a wait doubling from 1 s up to 15 min (429);
 * - the account from that address (the pair): 5 free, then the same doubling wait (429);
 * - the account from anywhere: 5 free, then only a slow-down (250 ms doubling, at most 2 s), so
 *   that nobody can lock a real user out by failing on purpose from elsewhere.
 * A success forgives its own claim and clears its pair; an hour of quiet clears everything.
 */
export type ThrottleKind = 'address' | 'pair' | 'account';

export interface ThrottleRule {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** `refuse`: answer 429 until the wait is over; `slow`: wait, then check the secret. */
  effect: 'refuse' | 'slow';
}

export const throttleRules = {
  address: { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, effect: 'refuse' },
  pair: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, effect: 'refuse' },
  account: { freeFailures: 5, baseDelayMs: 250, maxDelayMs: 2_000, effect: 'slow' },
} as const satisfies Record<ThrottleKind, ThrottleRule>;

/** Failures older than this no longer count. */
export const throttleWindowMs = 60 * 60_000;

export interface FailureRecord {
  failures: number;
  firstFailureAt: string;
  lastFailureAt: string;
}

function isStale(record: FailureRecord, now: Date): boolean {
  return now.getTime() - new Date(record.lastFailureAt).getTime() >= throttleWindowMs;
}

/** Milliseconds the caller must still wait before another attempt; 0 when it may try now. */
export function waitBeforeAttempt(record: FailureRecord | undefined, rule: ThrottleRule, now: Date): number {
  if (!record || isStale(record, now)) return 0;
  const over = record.failures - rule.freeFailures;
  if (over < 0) return 0;
  const delay = Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(over, 30));
  const sinceLast = now.getTime() - new Date(record.lastFailureAt).getTime();
  return Math.max(0, delay - sinceLast);
}

/** The record with one more failure at `now`; a stale count starts over. */
export function countFailure(record: FailureRecord | undefined, now: Date): FailureRecord {
  const at = now.toISOString();
  if (!record || record.failures <= 0 || isStale(record, now)) {
    return { failures: 1, firstFailureAt: at, lastFailureAt: at };
  }
  return { failures: record.failures + 1, firstFailureAt: record.firstFailureAt, lastFailureAt: at };
}

export interface ThrottleKey {
  kind: ThrottleKind;
  key: string;
}

/**
 * The stored keys of one attempt, sorted: rows are locked in this order, so that two attempts
 * sharing keys never wait on each other in a cycle.
 */
export function throttleKeys(username: string, address: string): ThrottleKey[] {
  const account = username.toLowerCase();
  const client = address.toLowerCase();
  const keys: ThrottleKey[] = [
    { kind: 'account', key: `account:${account}` },
    { kind: 'address', key: `address:${client}` },
    // An address holds no `|`, so the pair key reads back unambiguously.
    { kind: 'pair', key: `pair:${account}|${client}` },
  ];
  return keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export type AttemptDecision =
  { outcome: 'refused'; waitMs: number } | { outcome: 'claimed'; slowMs: number; records: FailureRecord[] };

/**
 * Whether an attempt may go ahead given the current counts (in the order of its keys): refused
 * while any refusing count still makes it wait, else claimed, with every count raised by one and
 * the slow-down it must sit out first.
 */
export function decideAttempt(
  current: readonly { kind: ThrottleKind; record: FailureRecord | undefined }[],
  now: Date,
): AttemptDecision {
  let waitMs = 0;
  let slowMs = 0;
  for (const { kind, record } of current) {
    const rule: ThrottleRule = throttleRules[kind];
    const ms = waitBeforeAttempt(record, rule, now);
    if (rule.effect === 'refuse') waitMs = Math.max(waitMs, ms);
    else slowMs = Math.max(slowMs, ms);
  }
  if (waitMs > 0) return { outcome: 'refused', waitMs };
  return { outcome: 'claimed', slowMs, records: current.map(({ record }) => countFailure(record, now)) };
}
