import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A file of ../shared, the data and fixtures kept beside the project rather than in it. */
export interface SharedFile {
  path: string;
  /** True when the file is not there, so the tests that need it are skipped. */
  missing: boolean;
}

/**
 * Declares that tests need a file of ../shared (`relative` to that directory): where it is, and
 * whether to skip them for want of it. With CI set a missing file fails the test file instead,
 * so a run that should read the real data never passes without it.
 */
export function needsShared(relative: string): SharedFile {
  const path = fileURLToPath(new URL(`../../../shared/${relative}`, import.meta.url));
  if (existsSync(path)) return { path, missing: false };
  if (process.env.CI) throw new Error(`CI is set, and tests need ${path}, which is not there`);
  console.warn(`Skipping the tests that need ${path}: it is not there`);
  return { path, missing: true };
}
