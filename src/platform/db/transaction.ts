import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  DatabaseConnection,
  Dialect,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
  Transaction,
} from 'kysely';

declare const txBrand: unique symbol;

/**
 * An open transaction. Distinct from the root handle in the type system: repository writes and the
 * audit append take a `TxOf`, so a write outside a transaction does not compile.
 */
export type TxOf<DB> = Transaction<DB> & { readonly [txBrand]: true };

interface OpenTransaction {
  /** The root handle the transaction was opened on. */
  owner: object;
  tx: Transaction<unknown>;
  open: boolean;
  beforeCommit: (() => Promise<void>)[];
  afterCommit: (() => void)[];
}

const current = new AsyncLocalStorage<OpenTransaction>();

/** Where an after-commit hook's error goes: the write it followed has committed and stands. */
let reportHookError: (error: unknown) => void = (error) => {
  console.error('jsms: an after-commit hook failed', error);
};

export function onHookError(report: (error: unknown) => void): void {
  reportHookError = report;
}

/**
 * Runs `work` in one transaction and marks the async context with it, so that a query on the root
 * handle from inside fails at once (see `guardRootQueries`). Called inside an open transaction on
 * the same handle, it joins that transaction. Hooks added with `beforeCommit` run once the
 * outermost `work` has finished, still inside the transaction; those added with `onCommit` after.
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, work: (tx: TxOf<DB>) => Promise<T>): Promise<T> {
  const outer = current.getStore();
  if (outer?.open && (outer.owner === db || (outer.tx as object) === db)) return work(outer.tx as TxOf<DB>);
  const afterCommit: (() => void)[] = [];
  const result = await db.transaction().execute((tx) => {
    const marker: OpenTransaction = {
      owner: db,
      tx: tx as Transaction<unknown>,
      open: true,
      beforeCommit: [],
      afterCommit,
    };
    return current.run(marker, async () => {
      try {
        const result = await work(tx as TxOf<DB>);
        // In order, one at a time; a hook may add another, which runs after it.
        for (let i = 0; i < marker.beforeCommit.length; i++) await marker.beforeCommit[i]!();
        return result;
      } finally {
        marker.open = false;
      }
    });
  });
  for (const hook of afterCommit) {
    try {
      hook();
    } catch (error) {
      reportHookError(error);
    }
  }
  return result;
}

/**
 * Runs `hook` inside the enclosing transaction once its work has finished, just before the commit:
 * for what must be last in it (a lock best held for the shortest time). Its error rolls it back.
 */
export function beforeCommit(hook: () => Promise<void>): void {
  const open = current.getStore();
  if (!open?.open)
    throw new Error('beforeCommit called outside a transaction: open one with inTransaction()');
  open.beforeCommit.push(hook);
}

/** Runs `hook` once the enclosing transaction has committed; never if it rolls back. */
export function onCommit(hook: () => void): void {
  const open = current.getStore();
  if (!open?.open) throw new Error('onCommit called outside a transaction: open one with inTransaction()');
  open.afterCommit.push(hook);
}

/** Whether the async context holds an open transaction. */
export function inOpenTransaction(): boolean {
  return current.getStore()?.open === true;
}

export class RootQueryInTransactionError extends Error {
  constructor() {
    super(
      'a query on the root database ran inside an open transaction: pass the transaction (tx) to it. ' +
        'On SQLite it would wait for the transaction that waits for it, forever.',
    );
    this.name = 'RootQueryInTransactionError';
  }
}

/**
 * Wraps a dialect so that its driver refuses a connection for the root handle `owner()` while the
 * async context holds an open transaction on it. Queries inside a transaction run on the
 * transaction's own connection and never ask the driver, so only root queries reach the check.
 */
export function guardRootQueries(dialect: Dialect, owner: () => object | undefined): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createDriver: (): Driver => guardedDriver(dialect.createDriver(), owner),
  };
}

function guardedDriver(inner: Driver, owner: () => object | undefined): Driver {
  const driver: Driver = {
    init: () => inner.init(),
    acquireConnection: async (): Promise<DatabaseConnection> => {
      const open = current.getStore();
      if (open?.open && open.owner === owner()) throw new RootQueryInTransactionError();
      return inner.acquireConnection();
    },
    beginTransaction: (connection: DatabaseConnection, settings: TransactionSettings) =>
      inner.beginTransaction(connection, settings),
    commitTransaction: (connection: DatabaseConnection) => inner.commitTransaction(connection),
    rollbackTransaction: (connection: DatabaseConnection) => inner.rollbackTransaction(connection),
    releaseConnection: (connection: DatabaseConnection) => inner.releaseConnection(connection),
    destroy: () => inner.destroy(),
  };
  if (inner.savepoint) driver.savepoint = inner.savepoint.bind(inner);
  if (inner.rollbackToSavepoint) driver.rollbackToSavepoint = inner.rollbackToSavepoint.bind(inner);
  if (inner.releaseSavepoint) driver.releaseSavepoint = inner.releaseSavepoint.bind(inner);
  return driver;
}
