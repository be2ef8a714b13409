#!/usr/bin/env node
// Runs the compiled CLI in dist/. In a checkout it first recompiles the sources changed since the
// last run (scripts/fresh-dist.mjs; a look at each source file's date when none did), which costs far less than
// loading tsx's compiler in every process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
if (existsSync(new URL('src/main.ts', root))) {
  const { freshDist } = await import('../scripts/fresh-dist.mjs');
  await freshDist(fileURLToPath(root));
}
await import(new URL('dist/main.js', root).href);
