import { setTimeout as delay } from 'node:timers/promises';

/** Time as a dependency, so that expiry, decay and deliberate delays can be tested with a controlled clock. */
export interface Clock {
  now(): Date;
  /** Waits `ms` milliseconds (a deliberate slow-down, never timed work that must survive a restart). */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => delay(ms),
};

/**
 * The real clock's time, but as if it had been set to `start` when made: a demo rehearses a
 * morning's movements at night, and the browser tests depart inside the agreement's hours
 * whenever they run.
 */
export function clockFrom(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real.now().getTime();
  return {
    now: () => new Date(real.now().getTime() + offset),
    sleep: (ms) => real.sleep(ms),
  };
}

/** A clock that moves only when told to: for tests and for replaying a scenario. */
export class ManualClock implements Clock {
  private current: number;
  /** Every sleep asked of this clock, in milliseconds, in order. */
  readonly sleeps: number[] = [];

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Returns at once, having moved the clock on by the time slept. */
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.advance(ms);
  }
}
