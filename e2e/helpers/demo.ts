import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { startDemoServer, type DemoServer } from './server.js';

export interface Demo {
  readonly server: DemoServer;
  readonly browser: Browser;
}

/**
 * Starts `jsms serve --demo` (its clock run from `clock` when given) and Debian's Chromium before the
 * file's tests and stops both after.
 * The object stands for the current pair, so it is read inside tests and hooks, never at load.
 */
export function useDemo(clock?: Date): Demo {
  let current: { server: DemoServer; browser: Browser } | undefined;
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startDemoServer({}, clock), launchChromium()]);
    current = { server, browser };
  });
  afterAll(async () => {
    await current?.browser.close();
    await current?.server.stop();
  });
  const started = () => {
    if (!current) throw new Error('the demo server and browser start in beforeAll');
    return current;
  };
  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
  };
}
