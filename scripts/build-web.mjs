// Builds the web app into web/dist when it is missing or its sources changed since the last build
// (`npm start` runs this first); `--force` builds regardless. The sources' hash is kept beside the build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const stamp = path.join(dist, '.sources-sha256');

// What the bundle is made of: the app, the locked dependencies, and the server modules it shares.
const inputs = ['web', 'package-lock.json', 'src/access/permissions.ts', 'src/platform/errors.ts'];

function* files(relative) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return;
  if (statSync(full).isFile()) return yield relative;
  for (const entry of readdirSync(full).sort()) {
    if (relative === 'web' && (entry === 'dist' || entry === 'node_modules')) continue;
    yield* files(path.join(relative, entry));
  }
}

export function sourcesHash() {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for (const file of files(input))
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const wanted = sourcesHash();
const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (!force && built === wanted && existsSync(path.join(dist, 'index.html'))) {
  process.stdout.write('web app: up to date\n');
} else {
  process.stdout.write(built ? 'web app: sources changed, building…\n' : 'web app: building…\n');
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, wanted + '\n');
  process.stdout.write(`web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
