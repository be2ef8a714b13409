import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HTTPMethods, InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDevice } from './helpers/routes.js';
import { hostParty } from './helpers/app.js';
import { useTestApp } from './helpers/use-test-app.js';
import { hostRoles, partnerRoles } from './helpers/leak.js';
import { registeredRoutes, type RouteKey } from './helpers/route-list.js';

/**
 * The authorization matrix: every registered route × every kind of caller, against the table
 * checked in at docs/authorization.csv. The table is the reviewed policy; this test never reads
 * src/access/permissions.ts, so a change there shows up here as a mismatch to confirm.
 */

const tableUrl = new URL('../docs/authorization.csv', import.meta.url);

/** The columns of the table after method and url, in order. */
const actors = ['anonymous', 'device', ...hostRoles, ...partnerRoles] as const;
type ActorKey = (typeof actors)[number];
type Verdict = 'allow' | 'deny';

/** swagger-ui's own routes (the page, its static files, the document) share the row of this prefix. */
const docsPrefix = '/api/docs';
/** Path parameters that are numbers; every other parameter gets a random UUID. */
const numericParams = new Set(['seq', 'treeSize']);
/** A file swagger-ui really ships, so a wildcard static route answers 200 rather than 404. */
const wildcardFill = 'swagger-ui.css';

/** The row a route is judged by: its own, or the docs prefix's. */
function rowUrlOf(url: string): string {
  return url === docsPrefix || url.startsWith(`${docsPrefix}/`) ? docsPrefix : url;
}

function readTable(): { header: string[]; rows: Map<string, Record<ActorKey, Verdict>>; problems: string[] } {
  const lines = readFileSync(tableUrl, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const header = lines[0]!.split(',');
  const rows = new Map<string, Record<ActorKey, Verdict>>();
  const problems: string[] = [];
  for (const [index, line] of lines.slice(1).entries()) {
    const [method, url, ...cells] = line.split(',');
    const key = `${method},${url}`;
    if (cells.length !== actors.length) problems.push(`line ${index + 2}: ${cells.length} cells`);
    if (rows.has(key)) problems.push(`line ${index + 2}: ${key} appears twice`);
    const verdicts = {} as Record<ActorKey, Verdict>;
    actors.forEach((actor, i) => {
      const cell = cells[i];
      if (cell !== 'allow' && cell !== 'deny') problems.push(`line ${index + 2}: ${actor} is "${cell}"`);
      verdicts[actor] = cell === 'allow' ? 'allow' : 'deny';
    });
    rows.set(key, verdicts);
  }
  return { header, rows, problems };
}

/** A concrete path for a pattern: ids become random UUIDs, numeric parameters '1'. */
function pathFor(url: string): string {
  return url
    .split('/')
    .map((part) => {
      if (part === '*') return wildcardFill;
      if (!part.startsWith(':')) return part;
      return numericParams.has(part.slice(1)) ? '1' : randomUUID();
    })
    .join('/');
}

describe('authorization matrix (docs/authorization.csv)', () => {
  const t = useTestApp({ config: { logLevel: 'silent' } });
  let routes: RouteKey[];
  let deviceToken: string;

  beforeAll(async () => {
    routes = await registeredRoutes(t);
    deviceToken = (await createDevice(t, hostParty)).token;
  });

  function send(actor: ActorKey, options: InjectOptions) {
    if (actor === 'anonymous') return t.request(null, options);
    if (actor === 'device') {
      return t.app.inject({ ...options, headers: { authorization: `Bearer ${deviceToken}` } });
    }
    return t.request(actor, options);
  }

  it('is well formed: the header names every actor, each cell is allow or deny', () => {
    const { header, problems } = readTable();
    expect(header).toEqual(['method', 'url', ...actors]);
    expect(problems).toEqual([]);
  });

  it('has one row per registered route and none for a route that does not exist', () => {
    const { rows } = readTable();
    const covered = new Set(routes.map((r) => `${r.method},${rowUrlOf(r.url)}`));
    const missing = [...covered].filter((key) => !rows.has(key)).sort();
    const stale = [...rows.keys()].filter((key) => !covered.has(key)).sort();
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    // The docs prefix stays what the table says it is: swagger-ui's read-only pages.
    const docsMethods = new Set(routes.filter((r) => rowUrlOf(r.url) === docsPrefix).map((r) => r.method));
    expect([...docsMethods]).toEqual(['GET']);
  });

  it('admits exactly the callers the table allows on every route, and refuses the rest with 401 or 403', async () => {
    const { rows } = readTable();
    const mismatches: string[] = [];
    const unmatched: string[] = [];
    const serverErrors: string[] = [];
    for (const route of routes) {
      const expected = rows.get(`${route.method},${rowUrlOf(route.url)}`);
      if (!expected) continue; // reported by the coverage test
      const url = pathFor(route.url);
      const options: InjectOptions = {
        method: route.method as HTTPMethods,
        url,
        ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: {} }),
      };
      for (const actor of actors) {
        const response = await send(actor, options);
        const code = response.statusCode;
        const errorCode = code >= 400 ? errorCodeOf(response.body) : undefined;
        const actual: Verdict = code === 401 || code === 403 ? 'deny' : 'allow';
        const label = `${route.method} ${route.url} as ${actor}`;
        if (actual !== expected[actor]) {
          mismatches.push(`${label}: table says ${expected[actor]}, got ${code} ${errorCode ?? ''}`.trim());
        } else if (actual === 'deny' && `${code} ${errorCode}` !== denial(actor)) {
          mismatches.push(`${label}: denied with ${code} ${errorCode ?? ''}, not ${denial(actor)}`.trim());
        }
        if (errorCode === 'route_not_found') unmatched.push(`${label}: ${url} matched no route`);
        if (code >= 500) serverErrors.push(`${label}: ${code} ${errorCode ?? ''}`.trim());
      }
    }
    expect.soft(unmatched).toEqual([]);
    expect.soft(serverErrors).toEqual([]);
    expect(mismatches).toEqual([]);
  });

  it('refuses an unknown bearer token or a Basic header on every route, even a public one, with 401', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const options: InjectOptions = { method: route.method as HTTPMethods, url: pathFor(route.url) };
      for (const [what, authorization] of Object.entries(worthlessCredentials)) {
        const res = await t.app.inject({ ...options, headers: { authorization } });
        const got = `${res.statusCode} ${errorCodeOf(res.body) ?? ''}`;
        if (got !== '401 unauthenticated')
          mismatches.push(`${route.method} ${route.url} with ${what}: ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

/** How a denial reads: an anonymous caller must sign in, anyone else is refused. */
function denial(actor: ActorKey): string {
  return actor === 'anonymous' ? '401 unauthenticated' : '403 forbidden';
}

/** Credentials that name no one: refused outright, never taken for no credentials. */
const worthlessCredentials = {
  'an unknown bearer token': 'Bearer jsa_not-a-token',
  'a Basic header': 'Basic dXNlcjpwYXNz',
};

function errorCodeOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
  } catch {
    return undefined;
  }
}
