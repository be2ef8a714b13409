import { defineConfig } from 'vitest/config';

// Browser tests: a real `jsms serve --demo` and Debian's Chromium, one file at a time (each drives
// a browser and a server of its own on two cores).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
