// The load generator (bench/load.ts) run from a benchmark: in a child process, so that it does not
// share the server's core; and a log destination for the server that costs what a real one does.
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { LoadPlan, LoadResult } from './load.js';

const loadScript = fileURLToPath(new URL('./load.ts', import.meta.url));

/** Runs the load generator in a child process (the same Node and loader flags as this one). */
export function loadFrom(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The loader flags carry over (tsx); a profiler's flags do not, they are for the server.
    const flags = process.execArgv.filter((flag) => !/^--(cpu-prof|prof)/.test(flag));
    const child = spawn(process.execPath, [...flags, loadScript, JSON.stringify(plan)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      const result = JSON.parse(out) as LoadResult;
      if (result.failures > 0)
        return reject(new Error(`${result.failures} answers were not 200, e.g. ${result.firstFailure}`));
      resolve(result);
    });
  });
}

/** A log destination that writes each line to /dev/null at once, as pino's own does to stdout. */
export function devNull(): { stream: Writable; close(): void } {
  const fd = openSync('/dev/null', 'w');
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writeSync(fd, chunk);
      done();
    },
  });
  return { stream, close: () => closeSync(fd) };
}
