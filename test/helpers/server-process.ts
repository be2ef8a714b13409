import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database, Db } from '../../src/database.js';
import { systemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { connectDatabase } from '../../src/platform/db/connect.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { buildServices } from '../../src/services.js';
import { jsmsArgs, projectRoot } from './cli.js';
import { prepareTestServer, testDatabaseUrl, urlWithSchema } from './database.js';

/**
 * A real `jsms serve` process on a data directory (and PostgreSQL schema) that outlives it: the
 * crash tests kill the server with SIGKILL and look at what it left behind.
 */

/** Bounds, so a server that never starts cannot hang the suite. */
const startTimeoutMs = 20_000;

export interface Location {
  dataDir: string;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/** An empty data directory, and on PostgreSQL (TEST_DATABASE_URL) an empty schema of its own. */
export async function freshLocation(postgres: boolean): Promise<Location> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jsms-crash-'));
  if (!postgres)
    return {
      dataDir,
      databaseUrl: undefined,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  const schema = `crash_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await prepareTestServer(testDatabaseUrl!);
  await admin(`create schema ${schema}`);
  return {
    dataDir,
    databaseUrl: urlWithSchema(testDatabaseUrl!, schema),
    async drop() {
      await admin(`drop schema ${schema} cascade`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the location's database in this process (migrated), runs `work`, and closes it again. */
export async function withDatabase<T>(
  location: Location,
  work: (deps: LocationDeps) => Promise<T>,
): Promise<T> {
  const handle = await connectDatabase<Database>(location);
  try {
    await migrate(handle.db, handle.dialect);
    return await work(depsOf(handle.db, location));
  } finally {
    await handle.close();
  }
}

function depsOf(db: Db, location: Location) {
  const config = loadConfig(
    {},
    { dataDir: location.dataDir, databaseUrl: location.databaseUrl, logLevel: 'silent' },
  );
  return { db, config, services: buildServices({ db, clock: systemClock, config }) };
}

export type LocationDeps = ReturnType<typeof depsOf>;

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/** Starts `jsms serve` on a free port of 127.0.0.1 and resolves once it says it is serving. */
export function startServer(location: Location): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, JSMS_DATA_DIR: location.dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (location.databaseUrl) env.DATABASE_URL = location.databaseUrl;
  const child = spawn(
    process.execPath,
    jsmsArgs(['serve', '--port', '0', '--host', '127.0.0.1', '--metrics-port', '0']),
    { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<ServerProcess>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(
      () => fail(`the server did not start within ${startTimeoutMs} ms`),
      startTimeoutMs,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += String(chunk);
      const match = /JSMS is serving on http:\/\/localhost:(\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), exited });
      }
    });
    child.once('exit', (code, signal) => fail(`the server exited before serving (${code ?? signal})`));
  });
}

/** Kills the server with SIGKILL: no shutdown hook runs, as when the machine loses power. */
export async function killServer(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}
