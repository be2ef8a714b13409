import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Config } from '../../src/platform/config.js';
import { createTestApp, type TestApp } from './app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface UseTestAppOptions {
  /** Config for the app, over the test defaults. */
  config?: Partial<Config>;
  /** A fresh app for each test rather than one for the whole file or describe block. */
  each?: boolean;
  /** Runs once the app is up, before the tests that use it (seeding, an agreement, listening). */
  setup?: (t: TestApp) => Promise<unknown>;
}

/**
 * Registers the hooks that make a fixture before the tests of the enclosing file or describe block
 * (or before each, with `each`), then get it ready, and end it after; returns it. The value
 * returned stands for whichever fixture is current, so it is read inside tests and hooks, never at
 * load time.
 */
function useFixture<T extends object>(
  what: string,
  each: boolean | undefined,
  make: () => Promise<T>,
  end: (fixture: T) => Promise<void>,
  ready?: (fixture: T) => Promise<unknown>,
): T {
  let current: T | undefined;
  const [before, after] = each ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await make();
    await ready?.(current);
  });
  after(async () => {
    const ending = current;
    current = undefined;
    if (ending) await end(ending);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (!current) throw new Error(`The test ${what} is only there inside a test or a hook of its block`);
      return Reflect.get(current, key) as unknown;
    },
  });
}

/** A test app for the tests of the enclosing file or describe block (see `useFixture`). */
export function useTestApp(options: UseTestAppOptions = {}): TestApp {
  return useFixture(
    'app',
    options.each,
    () => createTestApp(options.config),
    (t) => t.close(),
    options.setup,
  );
}

/** A database of its own, without an app, for the tests of the enclosing file or describe block. */
export function useTestDatabase(options: { migrate?: boolean } = {}): TestDatabase {
  return useFixture(
    'database',
    false,
    () => createTestDatabase(options),
    (database) => database.destroy(),
  );
}
