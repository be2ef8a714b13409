import { parentPort, Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, errorCodes } from './errors.js';

/**
 * Work off the event loop: a worker thread that answers requests, and may send parts of its
 * answer as it goes. A long parse, or better-sqlite3 (which blocks the thread it runs on), keeps
 * the server's loop free. Copying a message in costs the loop time too (about 20 ms per thousand
 * parsed incidents on a busy machine), and a port delivers every queued message in one go, so
 * parts are small and the worker sends the next only once this side has taken the last.
 */

type Message<Part, Result> =
  | { id: number; part: Part }
  | { id: number; result: Result }
  | { id: number; error: { code?: string; message: string; details?: Record<string, unknown> } };

/** A worker started on first use; idle, it does not keep the process alive. */
export interface WorkerClient<Request, Result, Part = never> {
  /** Sends a request; `onPart` receives each part before the promise settles with the result. */
  run(request: Request, onPart?: (part: Part) => void): Promise<Result>;
  close(): Promise<void>;
}

/**
 * A client for the worker module at `moduleUrl` (its `.js` name, next to the caller), which calls
 * `serveRequests`. From source (tests, `npm start`) the module's TypeScript goes through tsx as
 * the rest does.
 */
export function workerClient<Request, Result, Part = never>(
  moduleUrl: URL,
  workerData?: unknown,
): WorkerClient<Request, Result, Part> {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (r: Result) => void; reject: (e: Error) => void; onPart?: ((p: Part) => void) | undefined }
  >();

  function fail(error: Error) {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    worker = null;
  }

  function start(): Worker {
    const fromSource = import.meta.url.endsWith('.ts');
    const started = fromSource
      ? new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(
            moduleUrl.href.replace(/\.js$/, '.ts'),
          )}, ${JSON.stringify(import.meta.url)}))`,
          { eval: true, workerData },
        )
      : new Worker(moduleUrl, { workerData });
    started.unref();
    started.on('message', (message: Message<Part, Result>) => {
      const waiter = pending.get(message.id);
      if (!waiter) return;
      if ('part' in message) {
        waiter.onPart?.(message.part);
        started.postMessage({ id: message.id, ack: true });
        return;
      }
      pending.delete(message.id);
      if ('result' in message) waiter.resolve(message.result);
      else waiter.reject(toError(message.error));
    });
    started.on('error', fail);
    started.on('exit', (code) => {
      if (worker === started) fail(new Error(`worker ${moduleUrl.pathname} exited with code ${code}`));
    });
    return started;
  }

  return {
    run(request, onPart) {
      const running = (worker ??= start());
      const id = nextId++;
      const promise = new Promise<Result>((resolve, reject) => pending.set(id, { resolve, reject, onPart }));
      running.ref();
      running.postMessage({ id, request });
      return promise.finally(() => {
        if (pending.size === 0) worker?.unref();
      });
    },
    async close() {
      const running = worker;
      worker = null;
      await running?.terminate();
      fail(new Error(`worker ${moduleUrl.pathname} closed`));
    },
  };
}

/**
 * The worker's side: answers each request with `handle`, which may `send` parts first, awaiting
 * each (it resolves once the other side has taken the part). An AppError keeps its code, message
 * and details across the thread boundary.
 */
export function serveRequests<Request, Result, Part = never>(
  handle: (request: Request, send: (part: Part) => Promise<void>) => Result | Promise<Result>,
): void {
  const port = parentPort!;
  const taken = new Map<number, () => void>();
  port.on('message', (message: { id: number; request: Request } | { id: number; ack: true }) => {
    const { id } = message;
    if ('ack' in message) {
      const resolve = taken.get(id);
      taken.delete(id);
      resolve?.();
      return;
    }
    const { request } = message;
    const send = (part: Part) =>
      new Promise<void>((resolve) => {
        taken.set(id, resolve);
        port.postMessage({ id, part });
      });
    Promise.resolve()
      .then(() => handle(request, send))
      .then(
        (result) => port.postMessage({ id, result }),
        (error: unknown) => port.postMessage({ id, error: fromError(error) }),
      );
  });
}

function fromError(error: unknown): { code?: string; message: string; details?: Record<string, unknown> } {
  if (error instanceof AppError)
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}

function toError(error: { code?: string; message: string; details?: Record<string, unknown> }): Error {
  if (error.code && error.code in errorCodes)
    return new AppError(error.code as ErrorCode, error.message, error.details);
  return new Error(error.message);
}
