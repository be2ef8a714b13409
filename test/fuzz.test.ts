import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../src/platform/errors.js';
import { actorOf, putAgreementInForce } from './helpers/agreement.js';
import { system } from './helpers/app.js';
import { useTestApp } from './helpers/use-test-app.js';
import {
  type FuzzRequest,
  type Operation,
  operationsOf,
  requestsFor,
  resolverFor,
} from './helpers/fuzz/operations.js';
import { validate } from './helpers/fuzz/schema.js';
import {
  exampleLeakRules,
  type LeakRules,
  seedCanaries,
  type Viewer,
  viewers,
  violationsIn,
} from './helpers/leak.js';
import { create, personPayload, sitePayload, unitPayload } from './helpers/registry.js';
import { createDevice, withBearer } from './helpers/routes.js';

/**
 * Fuzzing from the API description (issue 7): for every operation of docs/openapi.json, requests
 * generated from its parameters' and body's schemas — valid ones, and invalid ones broken in exactly
 * one place — sent as every caller. No answer may be a 5xx, carry a status the document does not
 * declare for the operation, or a body its schema refuses; every invalid request gets a 4xx with a
 * listed error code; no leak-test canary reaches a caller the agreement does not show it to.
 *
 * FUZZ_RUNS (default 200) valid and as many invalid requests per operation, shared among the callers
 * (every caller gets its share of each); FUZZ_SEED fixes the generation (printed).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 200);
const seed = Number(process.env.FUZZ_SEED ?? 20261202);
const document = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'));
const resolve = resolverFor(document.components.schemas);
const operations = operationsOf(document);
const knownCodes = new Set(Object.keys(errorCodes));
const callers = viewers;
const perCaller = Math.ceil(runs / callers.length);

/** The collection a path parameter names a record of: `/api/v1/persons/{id}/deactivate` → `/api/v1/persons`. */
const collectionOf = (path: string, parameter: string) => path.slice(0, path.indexOf(`/{${parameter}}`));

describe(`fuzzing from docs/openapi.json (seed ${seed}, ${runs} valid and ${runs} invalid per operation)`, () => {
  const t = useTestApp({ config: { logLevel: 'error' } });
  let rules: LeakRules;
  const devices: Record<string, string> = {};
  // Real values per collection: reads see the canaries too; writes only records made for the fuzzer,
  // so that the canaries stay as seeded.
  const forReads = new Map<string, Set<string>>();
  const forWrites = new Map<string, Set<string>>();
  const add = (collection: string, value: string, readOnly = false) => {
    for (const pool of readOnly ? [forReads] : [forReads, forWrites]) {
      if (!pool.has(collection)) pool.set(collection, new Set());
      pool.get(collection)!.add(value);
    }
  };
  const sent = { valid: 0, invalid: 0 };
  const statuses = new Map<string, number>();

  beforeAll(async () => {
    console.log(`fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
    // Errors only: the cause of a 5xx, without the cost of a line per request.
    await putAgreementInForce(t);
    const seeded = await seedCanaries(t);
    rules = exampleLeakRules(seeded);
    for (const id of [seeded.csoPersonA, seeded.csoPersonB, seeded.ssdPerson])
      add('/api/v1/persons', id, true);
    for (const id of [seeded.csoSite, seeded.ssdSite]) add('/api/v1/sites', id, true);
    for (const id of [seeded.csoUnit, seeded.ssdUnit]) add('/api/v1/units', id, true);
    devices['ssd:device'] = (await createDevice(t, 'ssd', seeded.ssdUnit, 'unit')).token;
    devices['cso:device'] = (await createDevice(t, 'cso', seeded.csoPersonA)).token;
    for (const party of ['ssd', 'cso']) {
      const who = `${party}:coordinator`;
      const site = await create(t, who, '/api/v1/sites', sitePayload({ name: `${party} fuzz site` }));
      add('/api/v1/sites', site);
      add('/api/v1/persons', await create(t, who, '/api/v1/persons', personPayload({ siteId: site })));
      add('/api/v1/units', await create(t, who, '/api/v1/units', unitPayload({ baseSiteId: site })));
      // Users, tokens and devices the fuzzer may disable and revoke: never the callers' own.
      const { user } = await t.services.users.create(system, {
        partyId: party,
        username: `${party}-fuzz-victim`,
        displayName: `${party} victim`,
        roles: ['observer'],
        password: 'correct horse battery staple',
      });
      add('/api/v1/users', user.id);
      const { token } = await t.services.tokens.createApiToken(system, { userId: user.id, name: 'victim' });
      add('/api/v1/tokens', token.id);
      add('/api/v1/devices', (await createDevice(t, party)).id);
    }
    const checkpoint = await t.services.audit.checkpoint(actorOf(t, 'ssd:admin'));
    await t.cosign('cso');
    add('/api/v1/audit/checkpoints', String(checkpoint.treeSize));
    for (let seq = 1; seq <= checkpoint.treeSize; seq += Math.max(1, Math.floor(checkpoint.treeSize / 8)))
      add('/api/v1/audit/entries', String(seq));
    add('/api/v1/agreements', '1');
  }, 120_000);

  afterAll(() => {
    console.log(
      `fuzz: sent ${sent.valid} valid and ${sent.invalid} invalid requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
  });

  function send(caller: Viewer, request: FuzzRequest): Promise<LightMyRequestResponse> {
    const options = {
      method: request.method as 'GET',
      url: request.url,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
    };
    if (caller === 'anonymous') return t.request(null, options);
    if (caller.endsWith(':device')) return withBearer(t, devices[caller]!, options);
    return t.request(caller, options);
  }

  /** What is wrong with one answer; empty when nothing is. */
  function problemsWith(
    operation: Operation,
    caller: Viewer,
    request: FuzzRequest,
    response: LightMyRequestResponse,
  ): string[] {
    const status = response.statusCode;
    const problems: string[] = [];
    const say = (what: string) => problems.push(`${status} ${what}`);
    if (status >= 500) {
      // The cause is in the log, never in the body: show it with the failure.
      const logged = t.logs.at(-1) ?? '';
      const cause = /"message":"([^"]*)"/.exec(logged)?.[1] ?? 'no log line';
      say(`server error: ${response.body.slice(0, 200)} (logged: ${cause.slice(0, 300)})`);
    }
    const declared = operation.responses[String(status)];
    if (!declared) say(`undeclared status (declares ${Object.keys(operation.responses).join(', ')})`);
    const isJson = String(response.headers['content-type'] ?? '').includes('application/json');
    let body: unknown;
    if (isJson && response.body !== '') {
      try {
        body = JSON.parse(response.body);
      } catch {
        say('body is not JSON though labelled so');
      }
    }
    const schema = declared?.content?.['application/json']?.schema;
    if (declared && body !== undefined) {
      if (schema) {
        const errors = validate(body, schema, resolve);
        if (errors.length > 0) say(`body breaks its schema: ${errors.slice(0, 3).join('; ')}`);
      } else if (!declared.content) say('body where the document declares none');
    }
    if (status >= 400) {
      const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
      if (typeof code !== 'string' || !knownCodes.has(code)) say(`error code ${String(code)} is not listed`);
    }
    if (request.broken && (status < 400 || status >= 500))
      say(`accepted an invalid request (${request.broken})`);
    problems.push(...violationsIn(rules, caller, request, response));
    return problems.map((problem) => `${request.method} ${request.url} as ${caller}: ${problem}`);
  }

  it.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    '%s',
    async (_label, operation) => {
      const realValues = (op: Operation, parameter: string) => {
        const pool = op.method === 'GET' ? forReads : forWrites;
        return [...(pool.get(collectionOf(op.path, parameter)) ?? [])];
      };
      const { validRequest, invalidRequest } = requestsFor(operation, resolve, realValues);
      const problems = new Map<string, string>();
      let index = operations.indexOf(operation) * 1000;
      for (const caller of callers) {
        index += 1;
        const batches: [FuzzRequest[], keyof typeof sent][] = [
          [fc.sample(validRequest, { numRuns: perCaller, seed: seed + index }), 'valid'],
          [
            invalidRequest ? fc.sample(invalidRequest, { numRuns: perCaller, seed: seed - index }) : [],
            'invalid',
          ],
        ];
        for (const [requests, kind] of batches) {
          for (const request of requests) {
            const response = await send(caller, request);
            sent[kind] += 1;
            const key = `${operation.method} ${operation.path} ${response.statusCode}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            // A record made here is a record the next operations may name.
            if (response.statusCode === 201 && operation.method === 'POST' && !operation.path.includes('{')) {
              const id = (JSON.parse(response.body) as { id?: unknown }).id;
              if (typeof id === 'string') add(operation.path, id);
            }
            for (const problem of problemsWith(operation, caller, request, response)) {
              // One example per kind of problem: the status and the first words of what went wrong.
              const kindOf = problem.replace(/^.*? as [^:]+: /, '').slice(0, 60);
              if (!problems.has(kindOf)) problems.set(kindOf, problem);
            }
          }
        }
      }
      expect([...problems.values()]).toEqual([]);
    },
    300_000,
  );
});
