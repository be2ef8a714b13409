import { inOpenTransaction } from './transaction.js';

/**
 * A read that the callers of one turn of the event loop share: the first call starts it at the
 * loop's next check phase, and every call until then is answered by it. Each caller still gets a
 * read that began after it asked, so it sees every write committed before it asked (on any
 * instance): what the per-request reads (the access generation, the agreement version, data
 * versions) must see. Under load the requests parsed together pay for one query instead of one each.
 */
export function readTogether<T>(read: () => Promise<T>): () => Promise<T> {
  let next: Promise<T> | undefined;
  return () => {
    // Inside a transaction it runs alone, and the root-query guard refuses it at once as before:
    // shared, it would wait for the connection its own transaction holds.
    if (inOpenTransaction()) return read();
    next ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        // Callers from now on want a read that starts after them: the next one.
        next = undefined;
        read().then(resolve, reject);
      });
    });
    return next;
  };
}
