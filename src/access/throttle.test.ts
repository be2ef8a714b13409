import { describe, expect, it } from 'vitest';
import { throttleKey, throttleRules, waitBeforeAttempt } from './throttle.js';

const now = new Date('2026-11-28T08:00:00.000Z');
const second = 1_000;
const minute = 60 * second;

/** A record of `failures` failures, the last one `ago` milliseconds before `now`. */
function failed(failures: number, ago: number) {
  return { failures, lastFailureAt: new Date(now.getTime() - ago).toISOString() };
}

describe('waitBeforeAttempt', () => {
  it('lets anyone with no failures on record try at once', () => {
    expect(waitBeforeAttempt(undefined, throttleRules.account, now)).toBe(0);
    expect(waitBeforeAttempt(undefined, throttleRules.address, now)).toBe(0);
  });

  describe('per account: 5 free failures, then 1 s doubling up to 15 min', () => {
    it.each([
      // failures, ms since the last failure, ms still to wait
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
    ])('after %i failures, %i ms later, waits %i ms', (failures, ago, wait) => {
      expect(waitBeforeAttempt(failed(failures, ago), throttleRules.account, now)).toBe(wait);
    });
  });

  describe('per address: 20 free failures, so one office behind one address is not shut out', () => {
    it.each([
      [19, 0, 0],
      [20, 0, 1 * second],
      [21, 0, 2 * second],
      [29, 0, 512 * second],
      [30, 0, 15 * minute],
      [30, 60 * minute, 0],
    ])('after %i failures, %i ms later, waits %i ms', (failures, ago, wait) => {
      expect(waitBeforeAttempt(failed(failures, ago), throttleRules.address, now)).toBe(wait);
    });
  });

  it('never waits past the ceiling of the rule for any count or delay', () => {
    for (let failures = 0; failures <= 60; failures++) {
      for (const ago of [0, 1, 999, 1000, 59_999, 15 * minute - 1, 15 * minute, 60 * minute]) {
        for (const rule of [throttleRules.account, throttleRules.address]) {
          const wait = waitBeforeAttempt(failed(failures, ago), rule, now);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(rule.maxDelayMs);
        }
      }
    }
  });

  it('applies the rule it is given', () => {
    const rule = { freeFailures: 1, baseDelayMs: 10, maxDelayMs: 50 };
    expect(waitBeforeAttempt(failed(0, 0), rule, now)).toBe(0);
    expect(waitBeforeAttempt(failed(1, 0), rule, now)).toBe(10);
    expect(waitBeforeAttempt(failed(3, 0), rule, now)).toBe(40);
    expect(waitBeforeAttempt(failed(4, 0), rule, now)).toBe(50);
    expect(waitBeforeAttempt(failed(4, 20), rule, now)).toBe(30);
  });
});

describe('throttleKey', () => {
  it.each([
    ['account', 'SSD-Admin', 'account:ssd-admin'],
    ['account', 'ssd-admin', 'account:ssd-admin'],
    ['address', '192.0.2.1', 'address:192.0.2.1'],
    ['address', '2001:DB8::1', 'address:2001:db8::1'],
  ] as const)('keys %s %s as %s', (kind, value, key) => {
    expect(throttleKey(kind, value)).toBe(key);
  });

  it('keeps accounts and addresses apart', () => {
    expect(throttleKey('account', 'x')).not.toBe(throttleKey('address', 'x'));
  });
});
