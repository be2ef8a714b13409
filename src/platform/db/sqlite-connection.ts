import type SqliteDatabase from 'better-sqlite3';
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  SqliteDialect,
  type SqliteDatabase as KyselySqlite,
  type SqliteStatement,
} from 'kysely';

/**
 * Kysely's dialect for SQLite's one connection, made to hold up under many concurrent requests:
 * prepared statements are kept, and queries get the connection in the order they asked for it.
 */
export function sqliteDialect(sqlite: SqliteDatabase.Database): Dialect {
  const dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => inArrivalOrder(dialect.createDriver()),
  };
}

/** How many prepared statements the connection keeps: far more than the queries the code has. */
const cachedStatements = 1000;

/**
 * The connection keeping each prepared statement for reuse: Kysely prepares every query afresh,
 * and on a point lookup preparing costs more than running it. The least recently used statement
 * goes first; SQLite re-prepares a kept one itself after a schema change. No statement is used by
 * two queries at once, since one query at a time holds the connection.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqlite {
  const kept = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      let statement = kept.get(text);
      if (statement) kept.delete(text);
      else statement = sqlite.prepare(text);
      kept.set(text, statement);
      if (kept.size > cachedStatements) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

/**
 * Hands the one connection to waiting queries first come, first served. Kysely's own lock wakes
 * every waiter at each release and lets a newcomer take the connection ahead of them: under 50
 * concurrent requests some waited seconds while the median waited a tenth of one.
 */
function inArrivalOrder(inner: Driver): Driver {
  let held = false;
  const waiting: (() => void)[] = [];
  const driver: Driver = {
    init: () => inner.init(),
    async acquireConnection(): Promise<DatabaseConnection> {
      // Released to us by `releaseConnection`, which leaves `held` set for the next in line.
      if (held) await new Promise<void>((resolve) => waiting.push(resolve));
      held = true;
      return inner.acquireConnection();
    },
    async releaseConnection(connection: DatabaseConnection): Promise<void> {
      await inner.releaseConnection(connection);
      const next = waiting.shift();
      if (next) next();
      else held = false;
    },
    beginTransaction: (connection, settings) => inner.beginTransaction(connection, settings),
    commitTransaction: (connection) => inner.commitTransaction(connection),
    rollbackTransaction: (connection) => inner.rollbackTransaction(connection),
    destroy: () => inner.destroy(),
  };
  if (inner.savepoint) driver.savepoint = inner.savepoint.bind(inner);
  if (inner.rollbackToSavepoint) driver.rollbackToSavepoint = inner.rollbackToSavepoint.bind(inner);
  if (inner.releaseSavepoint) driver.releaseSavepoint = inner.releaseSavepoint.bind(inner);
  return driver;
}
