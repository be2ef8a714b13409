import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { HTTPMethods, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { actorOf, exampleAgreement, putAgreementInForce } from './helpers/agreement.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { create, personPayload, sitePayload, unitPayload } from './helpers/registry.js';
import { createDevice, withBearer } from './helpers/routes.js';

/**
 * The leak test (issue 3): canary values that the agreement does not share are seeded by their
 * owner, then every registered route is called as every role of the other party, anonymously and
 * with device tokens — lists with and without filters, search and paging, each record by id, error
 * paths, the audit log and its proofs, the API description. No canary may appear in any response
 * body or header, nor in any log line; no record of the other party may carry a withheld field or
 * a location more exact than the agreement allows.
 */

const hostRoles = ['ssd:admin', 'ssd:coordinator', 'ssd:commander', 'ssd:analyst', 'ssd:observer'] as const;
const partnerRoles = [
  'cso:admin',
  'cso:coordinator',
  'cso:commander',
  'cso:analyst',
  'cso:observer',
  'cso:person',
] as const;
const viewers = ['anonymous', 'ssd:device', 'cso:device', ...hostRoles, ...partnerRoles] as const;
type Viewer = (typeof viewers)[number];
type Owner = 'ssd' | 'cso';

/** The party whose records a viewer sees whole; anonymous callers and devices see no registry data. */
function partyOf(viewer: Viewer): Owner | null {
  if (viewer === 'anonymous' || viewer.endsWith(':device')) return null;
  return viewer.startsWith('ssd:') ? 'ssd' : 'cso';
}

/** Host roles the example agreement shows the partner's sites to exactly (the observer sees an area). */
const hostExactSiteViewers: Viewer[] = ['ssd:admin', 'ssd:coordinator', 'ssd:commander', 'ssd:analyst'];
/** Host roles that may read persons at all. */
const hostStaff: Viewer[] = [...hostRoles];

interface Canary {
  label: string;
  /** Compared without regard to case. */
  value: string;
  owner: Owner;
  /** Viewers of the other party to whom the agreement does show it. */
  sharedWith?: Viewer[];
  /** Shown to the host by design when the request asks for a clearance (`purpose=clearance`). */
  disclosedForClearance?: boolean;
  /** An id: checked in responses only, since the requests themselves carry it in their URLs. */
  responsesOnly?: boolean;
}

interface LeakRules {
  canaries: Canary[];
  /** Fields of an owner's records that no viewer outside the owner's party may receive. */
  withheldFields: Record<Owner, string[]>;
  /** Of those, the partner's fields the host receives for a clearance. */
  clearanceFields: string[];
  /** Viewers outside the owner's party who may see its records' locations exactly. */
  exactLocationFor: Record<Owner, Viewer[]>;
}

const isClearance = (url: string) => /[?&]purpose=clearance(&|$)/.test(url);

/** What a response to `viewer` must not carry: canary strings, withheld fields, exact locations. */
function violationsIn(
  rules: LeakRules,
  viewer: Viewer,
  request: { method: string; url: string },
  response: LightMyRequestResponse,
): string[] {
  const label = `${request.method} ${request.url} as ${viewer} (${response.statusCode})`;
  const found: string[] = [];
  const party = partyOf(viewer);
  const clearance = partyOf(viewer) === 'ssd' && isClearance(request.url);
  const body = response.body.toLowerCase();
  const headers = JSON.stringify(response.headers).toLowerCase();
  for (const canary of rules.canaries) {
    if (canary.owner === party || canary.sharedWith?.includes(viewer)) continue;
    if (clearance && canary.disclosedForClearance) continue;
    const value = canary.value.toLowerCase();
    if (body.includes(value)) found.push(`${label}: body holds ${canary.label}`);
    if (headers.includes(value)) found.push(`${label}: headers hold ${canary.label}`);
  }
  if (!String(response.headers['content-type'] ?? '').includes('json')) return found;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return found;
  }
  for (const record of objectsIn(parsed)) {
    const owner = record.partyId;
    if ((owner !== 'ssd' && owner !== 'cso') || owner === party) continue;
    for (const field of rules.withheldFields[owner]) {
      if (!(field in record)) continue;
      if (clearance && owner === 'cso' && rules.clearanceFields.includes(field)) continue;
      found.push(`${label}: a ${owner} record carries ${field}=${JSON.stringify(record[field])}`);
    }
    if (rules.exactLocationFor[owner].includes(viewer)) continue;
    const location = record.location as { precision?: unknown } | null | undefined;
    if (location && location.precision !== 'area') {
      found.push(`${label}: a ${owner} record is located ${JSON.stringify(location)}`);
    }
    if ('lat' in record || 'lon' in record) found.push(`${label}: a ${owner} record carries lat/lon`);
  }
  return found;
}

function* objectsIn(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const item of value) yield* objectsIn(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    yield record;
    for (const child of Object.values(record)) yield* objectsIn(child);
  }
}

interface RouteKey {
  method: string;
  url: string;
}

/** Every route the app registers (plugins' included), HEAD twins of GET routes left out. */
async function registeredRoutes(t: TestApp): Promise<RouteKey[]> {
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

/** The canary records, by owner. */
interface Seeded {
  csoPersonA: string;
  csoPersonB: string;
  csoSite: string;
  ssdPerson: string;
  ssdSite: string;
  ssdUnit: string;
  csoUnit: string;
}

interface Planned {
  method: HTTPMethods;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** The record the request names, so its owner's own writes can be left out. */
  target?: Owner;
}

/** Concrete requests for every route: each id, query and body variant worth trying. */
function plan(routes: RouteKey[], seeded: Seeded, auditSize: number, treeSize: number): Planned[] {
  const owned: [string, Owner][] = [
    [seeded.csoPersonA, 'cso'],
    [seeded.csoPersonB, 'cso'],
    [seeded.csoSite, 'cso'],
    [seeded.csoUnit, 'cso'],
    [seeded.ssdPerson, 'ssd'],
    [seeded.ssdSite, 'ssd'],
    [seeded.ssdUnit, 'ssd'],
  ];
  const ownerOf = new Map(owned);
  const unknown = randomUUID();
  const idsFor = (url: string): string[] => {
    if (url.startsWith('/api/v1/persons/'))
      return [seeded.csoPersonA, seeded.csoPersonB, seeded.ssdPerson, unknown];
    if (url.startsWith('/api/v1/sites/')) return [seeded.csoSite, seeded.ssdSite, unknown];
    if (url.startsWith('/api/v1/units/')) return [seeded.csoUnit, seeded.ssdUnit, unknown];
    // Other routes with ids get an unknown one and a canary record's, which must not match anything.
    return [unknown, seeded.csoPersonA, seeded.ssdPerson];
  };
  const valuesFor = (param: string, url: string): string[] => {
    if (param === 'id') return idsFor(url);
    if (param === 'version') return ['1', '2', '999'];
    if (param === 'treeSize') return [String(treeSize), '1', '99999'];
    if (param === 'seq') return Array.from({ length: auditSize + 1 }, (_, i) => String(i));
    if (param === 'format') return ['csv', 'html', 'text', 'json', 'pdf'];
    if (param === '*') return ['swagger-ui.css', 'index.html', 'no-such-file.js'];
    return [unknown];
  };
  const expand = (url: string): string[] => {
    const parts = url.split('/');
    let paths = [''];
    for (const part of parts.slice(1)) {
      const param = part === '*' ? '*' : part.startsWith(':') ? part.slice(1) : null;
      const values = param ? valuesFor(param, url) : [part];
      paths = paths.flatMap((p) => values.map((v) => `${p}/${v}`));
    }
    return paths;
  };
  const period = '?from=2026-01-01&to=2026-12-31';
  const queries: Record<string, string[]> = {
    '/api/v1/persons': [
      '',
      '?limit=1',
      '?includeInactive=true',
      '?includeInactive=true&limit=1',
      '?q=canary',
      '?q=Canary%20Contact',
      '?q=CANARYPP',
      '?q=7731',
      '?passportNumber=CANARYPP1',
      '?passportNumber=canarypp2&includeInactive=true',
      '?passportNumber=CANARYPP9',
      '?passportNumber=CANARYPP1&limit=1',
      '?passportNumber=CANARYPP1&purpose=clearance',
      '?purpose=clearance&includeInactive=true',
      `?siteId=${seeded.csoSite}`,
      `?siteId=${seeded.ssdSite}`,
      '?nationality=CN',
      '?status=away&includeInactive=true',
      '?employer=Canary%20Hydro',
      '?limit=0',
      '?after=not-a-cursor',
      '?passportNumber=!!',
    ],
    '/api/v1/persons/:id': ['', '?purpose=clearance', '?purpose=other'],
    '/api/v1/sites': ['', '?limit=1', '?includeInactive=true', '?kind=camp', '?kind=base', '?after=x'],
    '/api/v1/units': [
      '',
      '?limit=1',
      '?includeInactive=true',
      '?kind=armed_escort',
      '?status=available',
      '?kind=nonsense',
    ],
    '/api/v1/audit': [
      '',
      '?limit=500',
      '?entityType=person',
      '?entityType=site',
      '?entityType=unit',
      ...owned.map(([id]) => `?entityId=${id}`),
      '?beforeSeq=5',
      '?limit=x',
    ],
    '/api/v1/audit/entries/:seq/proof': [`?treeSize=${treeSize}`, '', '?treeSize=1'],
    '/api/v1/reports/period': ['', period],
    '/api/v1/reports/period/:format': ['', period],
    '/api/v1/risk/point': ['', '?lat=24.9&lon=67.1'],
    '/api/v1/risk/grid.geojson': ['', '?minLevel=1'],
    '/api/v1/agreements/:version/diff': ['', '?from=1'],
    '/api/v1/incidents': ['', '?limit=1'],
    '/api/v1/users': ['', '?limit=1'],
    '/api/v1/devices': ['', '?limit=1'],
  };
  const badJson = { payload: '{"name": ', headers: { 'content-type': 'application/json' } };
  const bodies: Record<string, unknown[]> = {
    'PATCH /api/v1/persons/:id': [
      { name: 'Changed' },
      { passportNumber: '!!' },
      { siteId: seeded.ssdSite },
      { siteId: seeded.csoSite },
      { emergencyContact: '' },
    ],
    'PATCH /api/v1/sites/:id': [{ name: 'Changed' }, { lat: 999 }, { perimeter: { type: 'Polygon' } }],
    'PATCH /api/v1/units/:id': [
      { weapons: 'changed' },
      { armouredVehicles: 999 },
      { kind: 'armed_escort' },
      { baseSiteId: seeded.ssdSite },
    ],
    'POST /api/v1/persons': [personPayload({ siteId: seeded.ssdSite }), { name: 'x', nationality: 'XXX' }],
    'POST /api/v1/units': [
      unitPayload({ baseSiteId: seeded.ssdSite }),
      unitPayload({ kind: 'armed_escort', baseSiteId: seeded.csoSite }),
    ],
    'POST /api/v1/audit/checkpoints/:treeSize/sign': [undefined],
  };
  const requests: Planned[] = [];
  for (const route of routes) {
    const method = route.method as HTTPMethods;
    const isRead = method === 'GET' || method === 'HEAD';
    for (const path of expand(route.url)) {
      const id = path.split('/').find((part) => ownerOf.has(part));
      const target = id ? ownerOf.get(id) : undefined;
      const base = { method, ...(target ? { target } : {}) };
      if (isRead) {
        for (const query of queries[route.url] ?? ['']) requests.push({ ...base, url: `${path}${query}` });
        continue;
      }
      requests.push({ ...base, url: path });
      requests.push({ ...base, url: path, payload: {} });
      requests.push({ ...base, url: path, ...badJson });
      requests.push({ ...base, url: path, payload: { unexpected: 'field', passportNumber: 12 } });
      for (const payload of bodies[`${method} ${route.url}`] ?? []) {
        requests.push({
          ...base,
          url: path,
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
      }
      if (route.url === '/api/v1/persons/import') {
        // Dry runs only: a real import would register the importer's own person with that passport.
        for (const csv of [
          'name,nationality\n',
          `name,nationality,site\nImported Person,CN,${seeded.ssdSite}\n`,
          `name,nationality,site\nImported Person,CN,${seeded.csoSite}\n`,
          'name,nationality,passport_number\nImported Person,CN,CANARYPP1\n',
          'name,nationality,passport_number\nImported Person,CN,CANARYPP9\n',
          'not,a,person\n1,2,3\n',
        ]) {
          const canaryRows = csv.includes('CANARYPP');
          for (const query of [...(canaryRows ? [] : ['']), '?dryRun=true', '?partial=true&dryRun=true']) {
            requests.push({
              ...base,
              url: `${path}${query}`,
              payload: csv,
              headers: { 'content-type': 'text/csv' },
            });
          }
        }
      }
    }
  }
  return requests;
}

/** The canary records, created by their owners through the API. */
async function seedCanaries(t: TestApp): Promise<Seeded> {
  const csoSite = await create(
    t,
    'cso:coordinator',
    '/api/v1/sites',
    sitePayload({ name: 'Partner camp', lat: 25.987651, lon: 62.345679, city: 'Canaryville Partner' }),
  );
  const csoPersonA = await create(
    t,
    'cso:coordinator',
    '/api/v1/persons',
    personPayload({
      name: 'Zhou Ming',
      passportNumber: 'CANARYPP1',
      phone: '+92 300 7731 001',
      emergencyContact: 'Canary Contact 7731',
      bloodGroup: 'AB-',
      employer: 'Canary Hydro',
      siteId: csoSite,
    }),
  );
  const csoPersonB = await create(
    t,
    'cso:coordinator',
    '/api/v1/persons',
    personPayload({
      name: 'Sun Li',
      passportNumber: 'CANARYPP2',
      phone: '+92 300 8842 002',
      emergencyContact: 'Canary Contact 8842',
      status: 'away',
      siteId: csoSite,
    }),
  );
  // Changed and deactivated, so that the audit log and the inactive lists hold them too.
  const changed = await t.request('cso:coordinator', {
    method: 'PATCH',
    url: `/api/v1/persons/${csoPersonB}`,
    payload: { emergencyContact: 'Canary Contact 8842', passportNumber: 'CANARYPP2' },
  });
  expect(changed.statusCode, changed.body).toBe(200);
  const deactivated = await t.request('cso:coordinator', {
    method: 'POST',
    url: `/api/v1/persons/${csoPersonB}/deactivate`,
  });
  expect(deactivated.statusCode, deactivated.body).toBe(200);
  const csoUnit = await create(
    t,
    'cso:coordinator',
    '/api/v1/units',
    unitPayload({ callSign: 'PARTNER-LIAISON', baseSiteId: csoSite }),
  );

  const ssdSite = await create(
    t,
    'ssd:coordinator',
    '/api/v1/sites',
    sitePayload({
      name: 'Host base',
      kind: 'base',
      lat: 24.123457,
      lon: 67.654321,
      protectionLevel: 4,
      city: 'Canarycity Host',
      perimeter: {
        type: 'Polygon',
        coordinates: [
          [
            [67.651111, 24.121111],
            [67.657777, 24.121111],
            [67.657777, 24.127777],
            [67.651111, 24.121111],
          ],
        ],
      },
    }),
  );
  const ssdUnit = await create(
    t,
    'ssd:coordinator',
    '/api/v1/units',
    unitPayload({
      kind: 'armed_escort',
      callSign: 'HOST-ESCORT',
      weapons: 'CANARY-WEAPON-G3',
      baseSiteId: ssdSite,
    }),
  );
  const ssdPerson = await create(
    t,
    'ssd:coordinator',
    '/api/v1/persons',
    personPayload({
      name: 'Canary Hostperson',
      nativeName: '金丝雀',
      passportNumber: 'CANARYPP9',
      phone: '+92 300 7731 999',
      emergencyContact: 'Canary Host Contact 5519',
      siteId: ssdSite,
    }),
  );
  return { csoPersonA, csoPersonB, csoSite, csoUnit, ssdPerson, ssdSite, ssdUnit };
}

/** Seeds the canaries, plans the sweep and sends it viewer by viewer; shared by both agreements. */
function leakSuite(options: {
  agreement: string;
  rules: (seeded: Seeded) => LeakRules;
  /** Extra checks of what each side must and must not see, run before the sweep. */
  controls: (t: TestApp, seeded: Seeded, rules: LeakRules) => Promise<void>;
}) {
  let t: TestApp;
  let seeded: Seeded;
  let rules: LeakRules;
  let requests: Planned[];
  const devices: Record<string, string> = {};
  const answered = new Map<Viewer, number>();

  beforeAll(async () => {
    t = await createTestApp();
    await putAgreementInForce(t, options.agreement);
    seeded = await seedCanaries(t);
    rules = options.rules(seeded);
    devices['ssd:device'] = (await createDevice(t, 'ssd', seeded.ssdUnit, 'unit')).token;
    devices['cso:device'] = (await createDevice(t, 'cso', seeded.csoPersonA)).token;
    // A checkpoint signed by both parties, so that inclusion proofs have something to prove.
    const checkpoint = await t.services.audit.checkpoint(actorOf(t, 'ssd:admin'), ['ssd', 'cso']);
    const routes = await registeredRoutes(t);
    requests = plan(routes, seeded, checkpoint.treeSize + 2, checkpoint.treeSize);
  });

  afterAll(async () => {
    await t?.close();
  });

  function send(viewer: Viewer, request: Planned) {
    const options: InjectOptions = {
      method: request.method,
      url: request.url,
      ...(request.payload !== undefined ? { payload: request.payload as string } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
    };
    if (viewer === 'anonymous') return t.request(null, options);
    if (viewer.endsWith(':device')) return withBearer(t, devices[viewer]!, options);
    return t.request(viewer, options);
  }

  it('shows each side its own canaries, and the checks find them (positive controls)', async () => {
    await options.controls(t, seeded, rules);
  });

  it.each(viewers)('leaks no canary to %s on any route', async (viewer) => {
    const party = partyOf(viewer);
    const found: string[] = [];
    let ok = 0;
    for (const request of requests) {
      // A party's own writes to its own canaries would change them; they are not the other party's view.
      if (request.target && request.target === party && request.method !== 'GET') continue;
      const pages = [request.url];
      for (let page = 0; page < pages.length && page < 5; page += 1) {
        const url = pages[page]!;
        const response = await send(viewer, { ...request, url });
        found.push(...violationsIn(rules, viewer, { method: request.method, url }, response));
        if (response.statusCode < 300) ok += 1;
        // A 500 logs its raw error, which is where a value could slip out: none expected.
        if (response.statusCode >= 500)
          found.push(`${request.method} ${url} as ${viewer}: ${response.statusCode}`);
        // Follow list pages, so paging cursors are swept too.
        if (request.method === 'GET' && response.statusCode === 200) {
          const next = nextCursor(response);
          if (next) pages.push(`${url}${url.includes('?') ? '&' : '?'}after=${encodeURIComponent(next)}`);
        }
      }
    }
    answered.set(viewer, ok);
    expect(found).toEqual([]);
    // Not a vacuous pass: the viewer was really let in somewhere (health, docs, its own view).
    expect(ok).toBeGreaterThan(0);
  });

  it('logs no canary on any line, though it logged every request', () => {
    expect(t.logs.length).toBeGreaterThan(1000);
    expect(t.logs.some((line) => line.includes(`/api/v1/persons/${seeded.csoPersonA}`))).toBe(true);
    const leaked: string[] = [];
    for (const canary of rules.canaries) {
      if (canary.responsesOnly) continue;
      const value = canary.value.toLowerCase();
      const line = t.logs.find((l) => l.toLowerCase().includes(value));
      if (line) leaked.push(`${canary.label}: ${line.trim()}`);
    }
    expect(leaked).toEqual([]);
  });

  it('kept every caller signed in and the agreement in force, so the sweep saw what it should', async () => {
    expect([...answered.keys()].sort()).toEqual([...viewers].sort());
    for (const viewer of [...hostRoles, ...partnerRoles]) {
      expect((await t.request(viewer, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    }
    for (const viewer of ['ssd:device', 'cso:device'] as const) {
      const res = await send(viewer, { method: 'GET', url: '/api/v1/device' });
      expect(res.statusCode).toBe(200);
    }
    const current = await t.request('ssd:admin', { method: 'GET', url: '/api/v1/agreements/current' });
    expect(current.json<{ version: number }>().version).toBe(1);
    // The canaries are still there: the owners see them unchanged.
    const unit = await t.request('ssd:coordinator', {
      method: 'GET',
      url: `/api/v1/units/${seeded.ssdUnit}`,
    });
    expect(unit.json<{ weapons: string }>().weapons).toBe('CANARY-WEAPON-G3');
    const person = await t.request('cso:coordinator', {
      method: 'GET',
      url: `/api/v1/persons/${seeded.csoPersonA}`,
    });
    expect(person.json<{ emergencyContact: string }>().emergencyContact).toBe('Canary Contact 7731');
  });
}

function nextCursor(response: LightMyRequestResponse): string | null {
  try {
    const next = (JSON.parse(response.body) as { next?: unknown }).next;
    return typeof next === 'string' ? next : null;
  } catch {
    return null;
  }
}

/** Canaries of the host's records: the example shares none of these with the partner. */
function hostCanaries(seeded: Seeded): Canary[] {
  return [
    { label: 'the host unit weapons', value: 'CANARY-WEAPON-G3', owner: 'ssd' },
    { label: 'the host site exact latitude', value: '24.1234', owner: 'ssd' },
    { label: 'the host site exact longitude', value: '67.6543', owner: 'ssd' },
    { label: 'the host site perimeter', value: '67.65111', owner: 'ssd' },
    { label: 'the host site perimeter', value: '24.12777', owner: 'ssd' },
    { label: 'the host site city', value: 'Canarycity Host', owner: 'ssd' },
    { label: 'the host person name', value: 'Canary Hostperson', owner: 'ssd' },
    { label: 'the host person native name', value: '金丝雀', owner: 'ssd' },
    { label: 'the host person passport', value: 'CANARYPP9', owner: 'ssd' },
    { label: 'the host person phone', value: '+92 300 7731 999', owner: 'ssd' },
    { label: 'the host person emergency contact', value: 'Canary Host Contact 5519', owner: 'ssd' },
    { label: 'the host person id', value: seeded.ssdPerson, owner: 'ssd', responsesOnly: true },
  ];
}

const hostWithheld = [
  'weapons',
  'baseSiteId',
  'perimeter',
  'protectionLevel',
  'city',
  'passportNumber',
  'phone',
  'emergencyContact',
  'bloodGroup',
];

describe('leak test under the example agreement', () => {
  leakSuite({
    agreement: exampleAgreement,
    rules: (seeded) => ({
      canaries: [
        {
          label: 'partner passport A',
          value: 'CANARYPP1',
          owner: 'cso',
          disclosedForClearance: true,
        },
        {
          label: 'partner passport B',
          value: 'CANARYPP2',
          owner: 'cso',
          disclosedForClearance: true,
        },
        { label: 'partner emergency contact A', value: 'Canary Contact 7731', owner: 'cso' },
        { label: 'partner emergency contact B', value: 'Canary Contact 8842', owner: 'cso' },
        { label: 'partner site city', value: 'Canaryville Partner', owner: 'cso' },
        // The host's observer sees the partner's sites only as an area.
        {
          label: 'partner site exact latitude',
          value: '25.98765',
          owner: 'cso',
          sharedWith: hostExactSiteViewers,
        },
        {
          label: 'partner site exact longitude',
          value: '62.34567',
          owner: 'cso',
          sharedWith: hostExactSiteViewers,
        },
        // Shared with the host's staff, but with no one outside the parties, and never logged.
        { label: 'partner phone A', value: '+92 300 7731 001', owner: 'cso', sharedWith: hostStaff },
        ...hostCanaries(seeded),
      ],
      withheldFields: {
        ssd: hostWithheld,
        cso: ['passportNumber', 'emergencyContact', 'bloodGroup', 'city'],
      },
      clearanceFields: ['passportNumber'],
      exactLocationFor: { ssd: [], cso: hostExactSiteViewers },
    }),
    async controls(t, seeded, rules) {
      const get = (who: string, url: string) => t.request(who, { method: 'GET', url });
      // The owners see their canaries whole, and the checks would flag them to the other party.
      const own = await get('cso:coordinator', `/api/v1/persons/${seeded.csoPersonA}`);
      expect(own.json()).toMatchObject({
        passportNumber: 'CANARYPP1',
        emergencyContact: 'Canary Contact 7731',
        bloodGroup: 'AB-',
      });
      const asIfHost = violationsIn(rules, 'ssd:coordinator', { method: 'GET', url: '/x' }, own);
      expect(asIfHost.join('\n')).toContain('partner passport A');
      expect(asIfHost.join('\n')).toContain('partner emergency contact A');
      expect(asIfHost.join('\n')).toContain('carries emergencyContact');

      const unit = await get('ssd:coordinator', `/api/v1/units/${seeded.ssdUnit}`);
      expect(unit.json()).toMatchObject({ weapons: 'CANARY-WEAPON-G3', baseSiteId: seeded.ssdSite });
      const site = await get('ssd:coordinator', `/api/v1/sites/${seeded.ssdSite}`);
      expect(site.json()).toMatchObject({
        city: 'Canarycity Host',
        location: { precision: 'exact', lat: 24.123457, lon: 67.654321 },
      });
      for (const res of [unit, site]) {
        const asIfPartner = violationsIn(rules, 'cso:coordinator', { method: 'GET', url: '/x' }, res);
        expect(asIfPartner.length).toBeGreaterThan(0);
      }
      const hostPerson = await get('ssd:coordinator', `/api/v1/persons/${seeded.ssdPerson}`);
      expect(hostPerson.json()).toMatchObject({ name: 'Canary Hostperson', passportNumber: 'CANARYPP9' });

      // What the agreement does share reaches the other party: the sweep is not passing on 404s.
      const shared = await get('ssd:coordinator', `/api/v1/persons/${seeded.csoPersonA}`);
      expect(shared.statusCode).toBe(200);
      expect(shared.json()).toMatchObject({ name: 'Zhou Ming', phone: '+92 300 7731 001' });
      expect(shared.json<{ withheld: string[] }>().withheld).toEqual(
        expect.arrayContaining(['emergencyContact', 'passportNumber']),
      );
      const partnerSite = await get('cso:coordinator', `/api/v1/sites/${seeded.ssdSite}`);
      expect(partnerSite.json()).toMatchObject({
        name: 'Host base',
        location: { precision: 'area', lat: 24.1, lon: 67.7 },
      });
      const partnerUnit = await get('cso:coordinator', `/api/v1/units/${seeded.ssdUnit}`);
      expect(partnerUnit.json()).toMatchObject({ callSign: 'HOST-ESCORT', kind: 'armed_escort' });
      expect(partnerUnit.json<{ withheld: string[] }>().withheld).toEqual(
        expect.arrayContaining(['baseSiteId', 'weapons']),
      );

      // The deliberate disclosure: the passport number for a clearance, recorded in the audit log.
      const clearance = await get('ssd:commander', `/api/v1/persons/${seeded.csoPersonA}?purpose=clearance`);
      expect(clearance.json()).toMatchObject({ passportNumber: 'CANARYPP1' });
      expect(clearance.json()).not.toHaveProperty('emergencyContact');
      expect(
        violationsIn(rules, 'ssd:commander', { method: 'GET', url: '/x?purpose=clearance' }, clearance),
      ).toEqual([]);
      expect(violationsIn(rules, 'ssd:commander', { method: 'GET', url: '/x' }, clearance)).not.toEqual([]);
    },
  });
});

describe('searching by passport number without a clearance', () => {
  let t: TestApp;
  let seeded: Seeded;
  beforeAll(async () => {
    t = await createTestApp({ logLevel: 'silent' });
    await putAgreementInForce(t);
    seeded = await seedCanaries(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A response as a comparable value: the request id differs from one request to the next. */
  async function answer(who: string, url: string) {
    const res = await t.request(who, { method: 'GET', url });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  it('answers for a registered passport exactly as for one that does not exist', async () => {
    for (const who of hostRoles) {
      for (const limit of ['', '&limit=1', '&limit=2']) {
        const known = await answer(who, `/api/v1/persons?passportNumber=CANARYPP1${limit}`);
        const unknown = await answer(who, `/api/v1/persons?passportNumber=NOSUCHPP1${limit}`);
        expect({ who, limit, ...known }).toEqual({ who, limit, ...unknown });
      }
    }
    // With a clearance the host finds the person, and the partner always finds its own.
    const found = await answer(
      'ssd:coordinator',
      '/api/v1/persons?passportNumber=CANARYPP1&purpose=clearance',
    );
    expect(found.body.items).toMatchObject([{ id: seeded.csoPersonA, passportNumber: 'CANARYPP1' }]);
    const own = await answer('cso:observer', '/api/v1/persons?passportNumber=CANARYPP1');
    expect(own.body.items).toMatchObject([{ id: seeded.csoPersonA }]);
  });

  it('does not find persons by withheld fields through the name search', async () => {
    for (const who of hostRoles) {
      for (const q of ['CANARYPP1', 'Canary Contact', '7731', 'Canaryville']) {
        const res = await answer(who, `/api/v1/persons?q=${encodeURIComponent(q)}&includeInactive=true`);
        expect({ who, q, items: res.body.items }).toEqual({ who, q, items: [] });
      }
    }
  });

  it('imports for the host as if the partner had no such passport', async () => {
    const csv = (passport: string) => `name,nationality,passport_number\nImported Person,CN,${passport}\n`;
    const dryRun = async (passport: string) => {
      const res = await t.request('ssd:coordinator', {
        method: 'POST',
        url: '/api/v1/persons/import?dryRun=true',
        payload: csv(passport),
        headers: { 'content-type': 'text/csv' },
      });
      return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
    };
    expect(await dryRun('CANARYPP1')).toEqual(await dryRun('NOSUCHPP1'));
  });
});

describe('leak test under an agreement that shares neither phone nor passport', () => {
  const strict = exampleAgreement
    .replace('        phone: always\n', '        phone: never\n')
    .replace('        passportNumber: { when: [clearance] }\n', '        passportNumber: never\n');

  it('is a real variant of the example', () => {
    expect(strict).not.toBe(exampleAgreement);
    expect(strict).toContain('        phone: never\n');
    expect(strict).toContain('        passportNumber: never\n');
  });

  leakSuite({
    agreement: strict,
    rules: (seeded) => ({
      canaries: [
        // No clearance discloses the passport now.
        { label: 'partner passport A', value: 'CANARYPP1', owner: 'cso' },
        { label: 'partner passport B', value: 'CANARYPP2', owner: 'cso' },
        { label: 'partner phone A', value: '+92 300 7731 001', owner: 'cso' },
        { label: 'partner phone B', value: '+92 300 8842 002', owner: 'cso' },
        { label: 'partner emergency contact A', value: 'Canary Contact 7731', owner: 'cso' },
        { label: 'partner emergency contact B', value: 'Canary Contact 8842', owner: 'cso' },
        { label: 'partner site city', value: 'Canaryville Partner', owner: 'cso' },
        {
          label: 'partner site exact latitude',
          value: '25.98765',
          owner: 'cso',
          sharedWith: hostExactSiteViewers,
        },
        ...hostCanaries(seeded),
      ],
      withheldFields: {
        ssd: hostWithheld,
        cso: ['passportNumber', 'phone', 'emergencyContact', 'bloodGroup', 'city'],
      },
      clearanceFields: [],
      exactLocationFor: { ssd: [], cso: hostExactSiteViewers },
    }),
    async controls(t, seeded, rules) {
      const own = await t.request('cso:coordinator', {
        method: 'GET',
        url: `/api/v1/persons/${seeded.csoPersonA}`,
      });
      expect(own.json()).toMatchObject({ passportNumber: 'CANARYPP1', phone: '+92 300 7731 001' });
      expect(violationsIn(rules, 'ssd:coordinator', { method: 'GET', url: '/x' }, own).join('\n')).toContain(
        'partner phone A',
      );
      const clearance = await t.request('ssd:coordinator', {
        method: 'GET',
        url: `/api/v1/persons/${seeded.csoPersonA}?purpose=clearance`,
      });
      expect(clearance.statusCode).toBe(200);
      expect(clearance.json()).toMatchObject({ name: 'Zhou Ming' });
      expect(clearance.json<{ withheld: string[] }>().withheld).toEqual(
        expect.arrayContaining(['passportNumber', 'phone']),
      );
    },
  });
});
