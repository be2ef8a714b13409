import { describe, expect, it } from 'vitest';
import { clockFrom, ManualClock } from './clock.js';

describe('clockFrom', () => {
  it('reads the real clock moved to the start it was given, and runs at its pace', async () => {
    const real = new ManualClock('2026-12-07T21:30:00.000Z');
    const clock = clockFrom(new Date('2026-12-08T04:00:00.000Z'), real);
    expect(clock.now().toISOString()).toBe('2026-12-08T04:00:00.000Z');
    real.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-12-08T04:01:30.000Z');
    await clock.sleep(1_000);
    expect(real.sleeps).toEqual([1_000]);
    expect(clock.now().toISOString()).toBe('2026-12-08T04:01:31.000Z');
  });
});
