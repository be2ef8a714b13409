import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { isDeviceReport } from './device-reports.js';

/** Prometheus metrics for one app: requests by route and status, latency, and the process. */
export function registerMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Device reports answered 2xx, by method, route and status, added to `requests` when it is read:
  // a plain count costs far less than prom-client's label checks, paid thousands of times a second.
  const reported = new Map<string, { method: string; route: string; status: string; count: number }>();
  const requests: Counter<'method' | 'route' | 'status'> = new Counter({
    name: 'jsms_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
    collect() {
      for (const entry of reported.values()) {
        if (entry.count === 0) continue;
        requests.inc({ method: entry.method, route: entry.route, status: entry.status }, entry.count);
        entry.count = 0;
      }
    },
  });
  const duration = new Histogram({
    name: 'jsms_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // prom-client validates and hashes the labels on each call, about 1.5 µs a request (measured);
  // a kept bound child (`labels()`) does the same on every call, so it would save nothing.
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: ids and tokens must not become label values.
    const route = request.routeOptions.url ?? 'unmatched';
    if (reply.statusCode < 300 && isDeviceReport(request)) {
      // Timed per batch instead (jsms_position_batch_seconds).
      const key = `${request.method} ${route} ${reply.statusCode}`;
      const entry = reported.get(key);
      if (entry) entry.count += 1;
      else reported.set(key, { method: request.method, route, status: String(reply.statusCode), count: 1 });
      return done();
    }
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
  return registry;
}

/**
 * The timing of a kind of batched write, where a route is answered per batch (device reports):
 * batches by their seconds, and the items they held.
 */
export function registerBatchMetrics(
  registry: Registry,
  kind: string,
): (batch: { seconds: number; items: number }) => void {
  const seconds = new Histogram({
    name: `jsms_${kind}_batch_seconds`,
    help: `Time to write and commit one batch of ${kind} writes, queueing included`,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const items = new Counter({
    name: `jsms_${kind}_batch_items_total`,
    help: `Items written in batches of ${kind} writes`,
    registers: [registry],
  });
  return (batch) => {
    seconds.observe(batch.seconds);
    items.inc(batch.items);
  };
}

export interface MetricsListener {
  /** `http://host:port/metrics` */
  url: string;
  close(): Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Serves `/metrics` on its own listener, apart from the API: versions, process facts and sign-in
 * failure counts are for the operators' Prometheus, not for whoever reaches the API. Loopback by
 * default; a bearer token guards it when it must listen wider.
 */
export async function listenMetrics(
  registry: Registry,
  options: { host: string; port: number; token?: string | undefined },
): Promise<MetricsListener> {
  const expected = options.token ? digest(`Bearer ${options.token}`) : undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') return void response.writeHead(404).end();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
    }
    if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return void response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => void response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
