import { Writable } from 'node:stream';
import type { RouteOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { TestApp } from './app.js';

export interface RouteKey {
  method: string;
  /** The URL pattern as Fastify registers it, e.g. `/api/v1/users/:id`. */
  url: string;
}

/**
 * Every route the app registers (plugins' included), HEAD twins of GET routes left out: a second
 * app on the test's database, built only to list them.
 */
export async function registeredRoutes(t: TestApp): Promise<RouteKey[]> {
  const seen: RouteOptions[] = [];
  const probe = await buildApp({
    db: t.db,
    clock: t.clock,
    config: t.config,
    logStream: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
    onRoute: (route) => seen.push(route),
  });
  await probe.ready();
  await probe.close();
  const routes = seen.flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
      method: String(method),
      url: route.url,
    })),
  );
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  const unique = new Map<string, RouteKey>();
  for (const route of routes) {
    if (route.method === 'HEAD' && gets.has(route.url)) continue;
    unique.set(`${route.method} ${route.url}`, route);
  }
  return [...unique.values()];
}
