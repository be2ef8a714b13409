/**
 * The writers of one embedded database file in this process take turns here: the transactions
 * of the main connection and the batches a worker thread writes on a connection of its own.
 * SQLite lets one writer in at a time and makes the other wait in its busy handler, which sleeps
 * on the thread that asked: on the main thread, that would stop the event loop for as long as
 * the worker's commit takes. Waiting here is a promise instead. The busy timeout stays, for other
 * processes on the file (the CLI).
 */
export interface WriteGate {
  /** Runs `work` once every writer that asked before has finished; in order of asking. */
  hold<T>(work: () => Promise<T>): Promise<T>;
}

export function writeGate(): WriteGate {
  let last: Promise<unknown> = Promise.resolve();
  return {
    hold<T>(work: () => Promise<T>): Promise<T> {
      const turn = last.then(work);
      // The next writer waits for this one to settle, whether it committed or failed.
      last = turn.catch(() => undefined);
      return turn;
    },
  };
}

const gates = new WeakMap<object, { file: string; gate: WriteGate }>();

/** Marks `db` as the main connection to the embedded file `file`, with its gate. */
export function registerEmbeddedFile(db: object, file: string): void {
  gates.set(db, { file, gate: writeGate() });
}

/** The embedded file `db` writes and its writers' gate; undefined for PostgreSQL. */
export function embeddedFileOf(db: object): { file: string; gate: WriteGate } | undefined {
  return gates.get(db);
}
