import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Node's arguments for the real `jsms ARGS`: bin/jsms.js, which runs the compiled CLI after
 * recompiling whatever source changed (once per change, where tsx loads its compiler in every process).
 */
export function jsmsArgs(args: string[]): string[] {
  return [path.join(projectRoot, 'bin', 'jsms.js'), ...args];
}

/** The environment that points a `jsms` process at a test's database: its data directory, and its schema on PostgreSQL. */
export function jsmsEnv(database: { dataDir: string; databaseUrl?: string | undefined }): NodeJS.ProcessEnv {
  return { JSMS_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? '' };
}

/** Runs `jsms ARGS` in a child process and returns its exit status and output. */
export function runJsms(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, jsmsArgs(args), {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `jsms ARGS` (a server) and resolves with its URL once it says where it serves. */
export function startJsms(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, jsmsArgs(args), {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

/**
 * Runs `jsms ARGS` in a child process without blocking this one, so that a server listening in
 * this test process can answer it.
 */
export function runJsmsAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  // The child's database and keys come from its flags, not from this process's test settings.
  for (const name of ['DATABASE_URL', 'JSMS_DATA_DIR', 'JSMS_KEYS_DIR', 'TEST_DATABASE_URL', 'JSMS_TOKEN'])
    if (!(name in env)) delete base[name];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, jsmsArgs(args), {
      cwd: projectRoot,
      env: base,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout, stderr });
    });
  });
}
