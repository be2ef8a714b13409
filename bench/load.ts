// A load generator for the read-path and ingest benchmarks, run in a process of its own so that it
// does not share the server's core: keep-alive connections over loopback, each sending its next
// request as soon as the previous answer is read. Raw sockets and a minimal response reader keep the generator's
// own cost per request far below the server's (node:http's client would be the bottleneck against
// a bare Fastify route). It answers on stdout with one JSON line: see `LoadResult`.
import net from 'node:net';
import { pathToFileURL } from 'node:url';

export interface LoadPlan {
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  /** GET when omitted. */
  method?: 'GET' | 'POST';
  /** A body sent with each request; every `{n}` in it becomes the connection's running count. */
  body?: string;
  /** Where that count starts: 0 when omitted. */
  firstN?: number;
  /** Headers of each connection (the i-th connection's, over `headers`): a device token each. */
  connectionHeaders?: Record<string, string>[];
  connections: number;
  /**
   * Requests answered before this many milliseconds, or before every connection has had its first
   * answer, are not counted: a saturated Node server accepts about one new connection per turn of
   * its event loop, so the last of 50 connections may wait seconds for its first answer.
   */
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  /** Requests answered in the measured window. */
  requests: number;
  /** Every request answered, warm-up included. */
  total: number;
  /** Answers whose status was not 200: the benchmark fails on any. */
  failures: number;
  firstFailure: string | null;
  seconds: number;
  /** Latencies in milliseconds. */
  p50: number;
  p99: number;
  max: number;
}

const headerEnd = Buffer.from('\r\n\r\n');

/** Sends the plan's requests until its time is up; resolves with the counted answers. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const requestOf = (headers: Record<string, string>) => {
    const head = Object.entries({ host: `${plan.host}:${plan.port}`, ...plan.headers, ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    const start = `${plan.method ?? 'GET'} ${plan.path} HTTP/1.1\r\n${head}connection: keep-alive\r\n`;
    const { body } = plan;
    if (body === undefined) {
      const fixed = Buffer.from(`${start}\r\n`);
      return () => fixed;
    }
    let n = plan.firstN ?? 0;
    return () => {
      const text = body.replaceAll('{n}', String(n++));
      return Buffer.from(`${start}content-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
  };
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const began = performance.now();
  let countFrom = Infinity;
  let stopAt = Infinity;
  let answered = 0;
  let total = 0;
  const firstAnswer = (now: number) => {
    if (++answered < plan.connections) return;
    countFrom = Math.max(now, began + plan.warmupMs);
    stopAt = countFrom + plan.durationMs;
  };

  const connection = (_: unknown, index: number) =>
    new Promise<void>((resolve, reject) => {
      const request = requestOf(plan.connectionHeaders?.[index] ?? {});
      const socket = net.connect(plan.port, plan.host);
      socket.setNoDelay(true);
      let pending: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let first = true;
      const send = () => {
        sentAt = performance.now();
        socket.write(request());
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        const end = pending.indexOf(headerEnd);
        if (end < 0) return;
        const header = pending.subarray(0, end).toString('latin1');
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(header);
        if (!length) return reject(new Error(`an answer without content-length: ${header}`));
        const size = end + headerEnd.length + Number(length[1]);
        if (pending.length < size) return;
        const body = pending.subarray(end + headerEnd.length, size);
        pending = pending.subarray(size);
        const now = performance.now();
        total += 1;
        if (first) {
          first = false;
          firstAnswer(now);
        }
        if (sentAt >= countFrom && now < stopAt) {
          latencies.push(now - sentAt);
          if (!header.startsWith('HTTP/1.1 200')) {
            failures += 1;
            firstFailure ??= `${header.split('\r\n')[0]} ${body.toString('utf8').slice(0, 300)}`;
          }
        }
        if (now < stopAt) send();
        else socket.end();
      });
    });

  return Promise.all(Array.from({ length: plan.connections }, connection)).then(() => {
    const sorted = Float64Array.from(latencies).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      requests: sorted.length,
      total,
      failures,
      firstFailure,
      seconds: plan.durationMs / 1000,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.at(-1) ?? 0,
    };
  });
}

// Run as a process: the plan as JSON in the first argument.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runLoad(JSON.parse(process.argv[2]!) as LoadPlan);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
