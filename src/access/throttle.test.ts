import { describe, expect, it } from 'vitest';
import {
  countFailure,
  decideAttempt,
  type FailureRecord,
  throttleKeys,
  throttleRules,
  throttleWindowMs,
  waitBeforeAttempt,
} from './throttle.js';

const now = new Date('2026-11-28T08:00:00.000Z');
const second = 1_000;
const minute = 60 * second;

/** A record of `failures` failures, the last one `ago` milliseconds before `now`. */
function failed(failures: number, ago: number): FailureRecord {
  const last = new Date(now.getTime() - ago).toISOString();
  return { failures, firstFailureAt: last, lastFailureAt: last };
}

/** Cases of one rule: failures on record, ms since the last failure, ms still to wait. */
function expectWaits(rule: keyof typeof throttleRules, cases: [number, number, number][]) {
  it.each(cases)('after %i failures, %i ms later, waits %i ms', (failures, ago, wait) => {
    expect(waitBeforeAttempt(failed(failures, ago), throttleRules[rule], now)).toBe(wait);
  });
}

describe('waitBeforeAttempt', () => {
  it('lets anyone with no failures on record try at once', () => {
    for (const rule of Object.values(throttleRules)) expect(waitBeforeAttempt(undefined, rule, now)).toBe(0);
  });

  describe('per account and address: 5 free failures, then 1 s doubling up to 15 min', () => {
    expectWaits('pair', [
      [0, 0, 0],
      [1, 0, 0],
      [4, 0, 0],
      [5, 0, 1 * second],
      [5, 400, 600],
      [5, 1 * second, 0],
      [5, 5 * second, 0],
      [6, 0, 2 * second],
      [6, 1 * second, 1 * second],
      [7, 0, 4 * second],
      [8, 0, 8 * second],
      [9, 0, 16 * second],
      [10, 0, 32 * second],
      [11, 0, 64 * second],
      [12, 0, 128 * second],
      [13, 0, 256 * second],
      [14, 0, 512 * second],
      // 1024 s would pass the ceiling of 900 s.
      [15, 0, 15 * minute],
      [16, 0, 15 * minute],
      [15, 10 * minute, 5 * minute],
      [15, 15 * minute, 0],
      // So many failures that 2^n overflows nothing: the exponent is capped before the power.
      [5000, 0, 15 * minute],
      [Number.MAX_SAFE_INTEGER, 0, 15 * minute],
      // A quiet hour clears everything, whatever the count.
      [15, 60 * minute - 1, 0],
      [15, 60 * minute, 0],
      [5000, 61 * minute, 0],
    ]);
  });

  describe('per address: 20 free failures, so one office behind one address is not shut out', () => {
    expectWaits('address', [
      [19, 0, 0],
      [20, 0, 1 * second],
      [21, 0, 2 * second],
      [29, 0, 512 * second],
      [30, 0, 15 * minute],
      [30, 60 * minute, 0],
    ]);
  });

  describe('per account from anywhere: 5 free, then a slow-down of 250 ms doubling up to 2 s', () => {
    expectWaits('account', [
      [4, 0, 0],
      [5, 0, 250],
      [6, 0, 500],
      [7, 0, 1000],
      [8, 0, 2000],
      [9, 0, 2000],
      [1_000_000, 0, 2000],
      [8, 1500, 500],
      [8, 2000, 0],
    ]);
  });

  it('never waits past the ceiling of the rule for any count or delay', () => {
    for (let failures = 0; failures <= 60; failures++) {
      for (const ago of [0, 1, 999, 1000, 59_999, 15 * minute - 1, 15 * minute, 60 * minute]) {
        for (const rule of Object.values(throttleRules)) {
          const wait = waitBeforeAttempt(failed(failures, ago), rule, now);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(rule.maxDelayMs);
        }
      }
    }
  });

  it('applies the rule it is given', () => {
    const rule = { freeFailures: 1, baseDelayMs: 10, maxDelayMs: 50, effect: 'refuse' } as const;
    expect(waitBeforeAttempt(failed(0, 0), rule, now)).toBe(0);
    expect(waitBeforeAttempt(failed(1, 0), rule, now)).toBe(10);
    expect(waitBeforeAttempt(failed(3, 0), rule, now)).toBe(40);
    expect(waitBeforeAttempt(failed(4, 0), rule, now)).toBe(50);
    expect(waitBeforeAttempt(failed(4, 20), rule, now)).toBe(30);
  });
});

describe('countFailure', () => {
  const at = now.toISOString();
  it.each([
    ['no record', undefined, { failures: 1, firstFailureAt: at, lastFailureAt: at }],
    ['an emptied record', failed(0, 5 * minute), { failures: 1, firstFailureAt: at, lastFailureAt: at }],
    [
      'a live count',
      failed(3, 5 * minute),
      { failures: 4, firstFailureAt: failed(3, 5 * minute).firstFailureAt, lastFailureAt: at },
    ],
    [
      'a count a quiet hour old',
      failed(9, throttleWindowMs),
      { failures: 1, firstFailureAt: at, lastFailureAt: at },
    ],
  ] as const)('adds one to %s', (_name, record, expected) => {
    expect(countFailure(record, now)).toEqual(expected);
  });
});

describe('throttleKeys', () => {
  it('keys the account, the address and the pair, case-insensitively, in lock order', () => {
    expect(throttleKeys('SSD-Admin', '2001:DB8::1')).toEqual([
      { kind: 'account', key: 'account:ssd-admin' },
      { kind: 'address', key: 'address:2001:db8::1' },
      { kind: 'pair', key: 'pair:ssd-admin|2001:db8::1' },
    ]);
  });

  it('sorts the keys, whatever the username, so that locks are always taken in one order', () => {
    for (const username of ['a', 'zzz', 'pair', '~', '0']) {
      const keys = throttleKeys(username, '192.0.2.1').map((k) => k.key);
      expect(keys).toEqual([...keys].sort());
    }
  });
});

describe('decideAttempt', () => {
  const keys = (account?: FailureRecord, address?: FailureRecord, pair?: FailureRecord) => [
    { kind: 'account' as const, record: account },
    { kind: 'address' as const, record: address },
    { kind: 'pair' as const, record: pair },
  ];

  it('claims a clean attempt, counting it on every key', () => {
    const decision = decideAttempt(keys(), now);
    expect(decision).toEqual({
      outcome: 'claimed',
      slowMs: 0,
      records: Array(3).fill({
        failures: 1,
        firstFailureAt: now.toISOString(),
        lastFailureAt: now.toISOString(),
      }),
    });
  });

  it('refuses while the pair or the address must wait, with the longer wait', () => {
    expect(decideAttempt(keys(undefined, undefined, failed(5, 0)), now)).toEqual({
      outcome: 'refused',
      waitMs: 1000,
    });
    expect(decideAttempt(keys(undefined, failed(22, 0), failed(5, 0)), now)).toEqual({
      outcome: 'refused',
      waitMs: 4000,
    });
  });

  it('never refuses for the account alone: it slows the attempt down instead', () => {
    const decision = decideAttempt(keys(failed(1_000, 0)), now);
    expect(decision).toMatchObject({ outcome: 'claimed', slowMs: 2000 });
  });
});
