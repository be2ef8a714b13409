/**
 * Group commit: items submitted while a batch is being written wait, and go together in the next
 * one. Under load many callers share one transaction (one fsync on SQLite, one round of locks on
 * PostgreSQL); alone, a caller's item is written at once. Each caller's promise settles when the
 * batch holding its item has committed (or failed), never before.
 */
export function groupCommit<I, R>(
  write: (items: I[]) => Promise<R[]>,
  options: { maxBatch: number },
): (item: I) => Promise<R> {
  interface Waiting {
    item: I;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }
  let queue: Waiting[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      // Between batches too, wait one turn unless a full batch is waiting: what came in while the
      // last one committed (a synchronous commit holds the event loop) is read in that turn and
      // joins, instead of the few requests already past their hooks going alone, one commit each.
      if (queue.length < options.maxBatch) await nextTurn();
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await write(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    writing = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Wait one turn so that the requests parsed together start as one batch.
      if (!writing) {
        writing = true;
        setImmediate(() => void drain());
      }
    });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
