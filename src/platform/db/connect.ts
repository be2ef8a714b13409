import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.js';
import { sqliteDialect } from './sqlite-connection.js';
import { guardRootQueries } from './transaction.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Where the data lives, for log lines: a file path, or the server without credentials. */
  location: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
}

// BIGINT columns (audit sequence numbers) come back as numbers, not strings: they stay below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** The embedded database file inside a data directory. */
export function sqliteFileOf(dataDir: string): string {
  return path.join(dataDir, 'jsms.db');
}

/** Opens the embedded SQLite file, or PostgreSQL when a URL is given, and refuses weak durability. */
export async function connectDatabase<DB>(options: ConnectOptions): Promise<DatabaseHandle<DB>> {
  const handle = options.databaseUrl
    ? openPostgres<DB>(options.databaseUrl)
    : openSqlite<DB>(options.dataDir);
  return checked(handle, assertDurable);
}

/** The handle once `check` (durability, migrations) has passed on it; closed when the check fails. */
export async function checked<DB>(
  handle: DatabaseHandle<DB>,
  check: (db: Kysely<DB>, dialect: DialectName) => Promise<unknown>,
): Promise<DatabaseHandle<DB>> {
  try {
    await check(handle.db, handle.dialect);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function openSqlite<DB>(dataDir: string): DatabaseHandle<DB> {
  ensurePrivateDir(dataDir);
  const file = sqliteFileOf(dataDir);
  // Created 0600 before SQLite opens it: its write-ahead log and shared-memory files take its mode.
  ensurePrivateFile(file);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = guarded<DB>(sqliteDialect(sqlite));
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

function openPostgres<DB>(databaseUrl: string): DatabaseHandle<DB> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const db = guarded<DB>(new PostgresDialect({ pool }));
  const url = new URL(databaseUrl);
  return {
    db,
    dialect: 'postgres',
    location: `${url.hostname}:${url.port || 5432}${url.pathname}`,
    close: () => db.destroy(),
  };
}

/** A root handle whose queries fail fast inside its own open transaction (see `inTransaction`). */
function guarded<DB>(dialect: Dialect): Kysely<DB> {
  // The driver is created lazily, after the handle exists, so the closure sees it.
  const db: Kysely<DB> = new Kysely<DB>({ dialect: guardRootQueries(dialect, () => db) });
  return db;
}

/** Lists the settings that would let a crash lose acknowledged writes; empty when all is durable. */
export async function findDurabilityProblems<DB>(db: Kysely<DB>, dialect: DialectName): Promise<string[]> {
  if (dialect === 'sqlite') {
    const problems: string[] = [];
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    const level = sync.rows[0]?.synchronous ?? 0;
    if (level < 2) problems.push(`SQLite synchronous is ${['OFF', 'NORMAL'][level] ?? level}, below FULL`);
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    const mode = journal.rows[0]?.journal_mode;
    if (mode !== 'wal') problems.push(`SQLite journal_mode is ${mode}, not WAL`);
    return problems;
  }
  const problems: string[] = [];
  for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes'] as const) {
    const result = await sql<Record<string, string>>`select current_setting(${setting}) as value`.execute(db);
    if (result.rows[0]?.value === 'off') problems.push(`PostgreSQL ${setting} is off`);
  }
  return problems;
}

/** Throws, naming each weak setting, unless every committed write survives a crash. */
export async function assertDurable<DB>(db: Kysely<DB>, dialect: DialectName): Promise<void> {
  const problems = await findDurabilityProblems(db, dialect);
  if (problems.length > 0) {
    throw new Error(`Refusing to start: ${problems.join('; ')}. A crash could lose acknowledged writes.`);
  }
}
