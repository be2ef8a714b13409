import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.js';
import { migrate } from '../../src/platform/db/migrate.js';
import type { Database } from '../../src/database.js';

/** The PostgreSQL server the suite runs against instead of SQLite, when set. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export interface TestDatabase extends DatabaseHandle<Database> {
  dataDir: string;
  /** The URL of this test's own schema, for a child process; undefined on SQLite. */
  databaseUrl: string | undefined;
  destroy(): Promise<void>;
}

/** A URL whose connections use `schema` as their search path. */
export function urlWithSchema(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

let extensionsReady: Promise<void> | undefined;

/**
 * Installs the extensions the migrations use in the server's `public` schema, once per process,
 * before any test schema is made. A migration installs a missing one in its connection's schema,
 * which for a test is its own: dropping that schema would drop the extension, and with it the
 * constraints other tests' schemas built on it. Under the migrator's lock, so that two processes
 * do not create it at once.
 */
export function prepareTestServer(baseUrl: string): Promise<void> {
  extensionsReady ??= (async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    try {
      await admin.query('begin');
      await admin.query('select pg_advisory_xact_lock(738101)');
      await admin.query('create extension if not exists btree_gist with schema public');
      await admin.query('commit');
    } finally {
      await admin.end();
    }
  })();
  return extensionsReady;
}

/**
 * A fresh, migrated database of its own for one test file: a new SQLite file in a temporary
 * data directory, or a new schema on the PostgreSQL of TEST_DATABASE_URL.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jsms-test-'));
  let databaseUrl: string | undefined;
  let schema: string | undefined;
  // Read at each call, so one process (the benchmarks) can run on both back ends in turn.
  const baseUrl = process.env.TEST_DATABASE_URL || undefined;
  if (baseUrl) {
    await prepareTestServer(baseUrl);
    schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    databaseUrl = urlWithSchema(baseUrl, schema);
  }
  const handle = await connectDatabase<Database>({ dataDir, databaseUrl });
  if (options.migrate !== false) await migrate(handle.db, handle.dialect);
  return {
    ...handle,
    dataDir,
    databaseUrl,
    async destroy() {
      await handle.close();
      if (schema && baseUrl) {
        const admin = new pg.Client({ connectionString: baseUrl });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
