import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Config } from '../../src/platform/config.js';
import { createTestApp, type TestApp } from './app.js';

export interface UseTestAppOptions {
  /** Config for the app, over the test defaults. */
  config?: Partial<Config>;
  /** A fresh app for each test rather than one for the whole file or describe block. */
  each?: boolean;
  /** Runs once the app is up, before the tests that use it (seeding, an agreement, listening). */
  setup?: (t: TestApp) => Promise<unknown>;
}

/**
 * Registers the hooks that start a test app before the tests of the enclosing file or describe
 * block (or before each, with `each`) and close it after, and returns the app. The value returned
 * stands for whichever app is current, so it is read inside tests and hooks, never at load time.
 */
export function useTestApp(options: UseTestAppOptions = {}): TestApp {
  let current: TestApp | undefined;
  const [before, after] = options.each ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await createTestApp(options.config);
    await options.setup?.(current);
  });
  after(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });
  return new Proxy({} as TestApp, {
    get(_target, key) {
      if (!current) throw new Error('The test app is only there inside a test or a hook of its block');
      return Reflect.get(current, key) as unknown;
    },
  });
}
