// The leak test's machinery: the callers, the canaries and how they are seeded, the requests of
// the sweep, and what a response must not carry. The suites are in test/leak.test.ts.
import { randomUUID } from 'node:crypto';
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { actorOf } from './agreement.js';
import type { TestApp } from './app.js';
import { movementPayload } from './movement.js';
import { create, personPayload, sitePayload, unitPayload } from './registry.js';
import type { RouteKey } from './route-list.js';

export const hostRoles = [
  'ssd:admin',
  'ssd:coordinator',
  'ssd:commander',
  'ssd:analyst',
  'ssd:observer',
] as const;
export const partnerRoles = [
  'cso:admin',
  'cso:coordinator',
  'cso:commander',
  'cso:analyst',
  'cso:observer',
  'cso:person',
] as const;
export const viewers = ['anonymous', 'ssd:device', 'cso:device', ...hostRoles, ...partnerRoles] as const;
export type Viewer = (typeof viewers)[number];
export type Owner = 'ssd' | 'cso';

/** The party whose records a viewer sees whole; anonymous callers and devices see no registry data. */
export function partyOf(viewer: Viewer): Owner | null {
  if (viewer === 'anonymous' || viewer.endsWith(':device')) return null;
  return viewer.startsWith('ssd:') ? 'ssd' : 'cso';
}

/** Host roles the example agreement shows the partner's sites to exactly (the observer sees an area). */
export const hostExactSiteViewers: Viewer[] = [
  'ssd:admin',
  'ssd:coordinator',
  'ssd:commander',
  'ssd:analyst',
];
/** Host roles that may read persons at all. */
export const hostStaff: Viewer[] = [...hostRoles];

export interface Canary {
  label: string;
  /** Compared without regard to case. */
  value: string;
  owner: Owner;
  /** Viewers of the other party to whom the agreement does show it. */
  sharedWith?: Viewer[];
  /** Shown by design to the roles the agreement names for clearances, when a request asks for one. */
  disclosedForClearance?: boolean;
  /** An id: checked in responses only, since the requests themselves carry it in their URLs. */
  responsesOnly?: boolean;
}

export interface LeakRules {
  canaries: Canary[];
  /** Fields of an owner's records that no viewer outside the owner's party may receive. */
  withheldFields: Record<Owner, string[]>;
  /** Of those, the partner's fields the host receives for a clearance. */
  clearanceFields: string[];
  /** The host roles the agreement lets ask for a clearance; any other is refused one. */
  clearanceViewers: Viewer[];
  /** Viewers outside the owner's party who may see its records' locations exactly. */
  exactLocationFor: Record<Owner, Viewer[]>;
}

/** A request for a clearance that states its reason and reference, as one must (issue 7, finding 8). */
export const isClearance = (url: string) =>
  ['purpose=clearance', 'reason=', 'reference='].every((part) => new RegExp(`[?&]${part}`).test(url));

/** What a clearance states in the sweep's requests. */
export const clearanceQuery = 'purpose=clearance&reason=checkpoint&reference=CP7-2026-118';

/** What a response to `viewer` must not carry: canary strings, withheld fields, exact locations. */
export function violationsIn(
  rules: LeakRules,
  viewer: Viewer,
  request: { method: string; url: string },
  response: LightMyRequestResponse,
): string[] {
  const label = `${request.method} ${request.url} as ${viewer} (${response.statusCode})`;
  const found: string[] = [];
  const party = partyOf(viewer);
  const clearance = rules.clearanceViewers.includes(viewer) && isClearance(request.url);
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

export function* objectsIn(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const item of value) yield* objectsIn(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    yield record;
    for (const child of Object.values(record)) yield* objectsIn(child);
  }
}

/** The canary records, by owner. */
export interface Seeded {
  csoPersonA: string;
  csoPersonB: string;
  csoSite: string;
  ssdPerson: string;
  ssdSite: string;
  ssdUnit: string;
  csoUnit: string;
  /** Arrived, its debrief a canary the example withholds from the partner. */
  ssdMovement: string;
}

export interface Planned {
  method: HTTPMethods;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** The record the request names, so its owner's own writes can be left out. */
  target?: Owner;
}

/** Concrete requests for every route: each id, query and body variant worth trying. */
export function plan(
  routes: RouteKey[],
  seeded: Seeded,
  auditSize: number,
  treeSize: number,
  /** Persons and units with live positions, for the tracks route. */
  liveSubjects: string[] = [],
  /** Alerts the canary fixes raised (an SOS), for the alert routes. */
  alertIds: string[] = [],
): Planned[] {
  const owned: [string, Owner][] = [
    [seeded.csoPersonA, 'cso'],
    [seeded.csoPersonB, 'cso'],
    [seeded.csoSite, 'cso'],
    [seeded.csoUnit, 'cso'],
    [seeded.ssdPerson, 'ssd'],
    [seeded.ssdSite, 'ssd'],
    [seeded.ssdUnit, 'ssd'],
    [seeded.ssdMovement, 'ssd'],
  ];
  const ownerOf = new Map(owned);
  const unknown = randomUUID();
  const idsFor = (url: string): string[] => {
    if (url.startsWith('/api/v1/persons/'))
      return [seeded.csoPersonA, seeded.csoPersonB, seeded.ssdPerson, unknown];
    if (url.startsWith('/api/v1/sites/')) return [seeded.csoSite, seeded.ssdSite, unknown];
    if (url.startsWith('/api/v1/units/')) return [seeded.csoUnit, seeded.ssdUnit, unknown];
    if (url.startsWith('/api/v1/movements/')) return [seeded.ssdMovement, unknown];
    if (url.startsWith('/api/v1/alerts/')) return [...alertIds, unknown];
    // Other routes with ids get an unknown one and a canary record's, which must not match anything.
    return [unknown, seeded.csoPersonA, seeded.ssdPerson];
  };
  const valuesFor = (param: string, url: string): string[] => {
    if (param === 'id') return idsFor(url);
    if (param === 'version') return ['1', '2', '999'];
    if (param === 'position') return ['0', '1'];
    if (param === 'treeSize') return [String(treeSize), '1', '99999'];
    if (param === 'seq') return Array.from({ length: auditSize + 1 }, (_, i) => String(i));
    if (param === 'subjectType') return ['person', 'unit'];
    if (param === 'subjectId') return [...liveSubjects, unknown];
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
      `?passportNumber=CANARYPP1&${clearanceQuery}`,
      `?${clearanceQuery}&includeInactive=true`,
      `?${clearanceQuery}&includeInactive=true&limit=1`,
      '?passportNumber=CANARYPP1&purpose=clearance',
      '?purpose=clearance&reason=checkpoint&includeInactive=true',
      '?purpose=clearance&reference=CP7-2026-118&includeInactive=true',
      '?purpose=clearance&reason=curiosity&reference=CP7-2026-118&includeInactive=true',
      `?siteId=${seeded.csoSite}`,
      `?siteId=${seeded.ssdSite}`,
      '?nationality=CN',
      '?status=away&includeInactive=true',
      '?employer=Canary%20Hydro',
      '?limit=0',
      '?after=not-a-cursor',
      '?passportNumber=!!',
    ],
    '/api/v1/persons/:id': [
      '',
      `?${clearanceQuery}`,
      '?purpose=clearance',
      '?purpose=clearance&reason=checkpoint',
      '?purpose=other',
    ],
    '/api/v1/alerts': [
      '',
      '?limit=1',
      '?state=open',
      '?state=resolved&state=acknowledged',
      '?rule=sos',
      `?subjectType=person&subjectId=${seeded.csoPersonA}`,
      '?rule=nonsense',
    ],
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
      '?limit=2&after=WzVd',
      '?limit=x',
    ],
    '/api/v1/movements/break-glass': [
      '',
      '?status=pending',
      '?status=overdue',
      '?status=reviewed',
      '?limit=1',
    ],
    '/api/v1/audit/entries/:seq/proof': [`?treeSize=${treeSize}`, '', '?treeSize=1'],
    '/api/v1/audit/checkpoints': ['', '?limit=1', '?limit=x'],
    '/api/v1/audit/checkpoints/:treeSize/consistency': [
      '?from=1',
      '?from=0',
      `?from=${treeSize}`,
      '',
      '?from=-1',
    ],
    '/api/v1/reports/period': ['', period],
    '/api/v1/reports/period/:format': ['', period],
    '/api/v1/risk/point': ['', '?lat=24.9&lon=67.1'],
    // Around the live canaries (test/helpers/leak-live.ts): wide, and narrow enough to be an oracle.
    '/api/v1/live/near': [
      '',
      '?lat=25.9&lon=62.5&radiusKm=100',
      '?lat=24.4&lon=67.5&radiusKm=100',
      '?lat=25.914&lon=62.425&radiusKm=2',
      '?lat=26.136&lon=63.579&radiusKm=2',
      '?lat=30&lon=70&radiusKm=500',
    ],
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
    'POST /api/v1/movements': [movementPayload([seeded.csoPersonA])],
    'POST /api/v1/movements/assess': [movementPayload([seeded.csoPersonA])],
    'POST /api/v1/movements/:id/debrief': [{ note: 'Changed' }],
    'POST /api/v1/audit/checkpoints/:treeSize/signatures': [
      { signature: 'not a signature' },
      { signature: '— jsms/ssd AAAAAAAA' },
      { signature: '— jsms/cso AAAAAAAA' },
    ],
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
export async function seedCanaries(t: TestApp): Promise<Seeded> {
  const csoSite = await create(
    t,
    'cso:coordinator',
    '/api/v1/sites',
    sitePayload({
      name: 'Partner camp',
      lat: 25.987651,
      lon: 62.345679,
      city: 'Canaryville Partner',
      // Six decimals, as a surveyed perimeter has: shared with the host's exact viewers only.
      perimeter: {
        type: 'Polygon',
        coordinates: [
          [
            [62.341234, 25.981234],
            [62.349876, 25.981234],
            [62.349876, 25.989876],
            [62.341234, 25.981234],
          ],
        ],
      },
    }),
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
  // The host moves a partner's person (the partner sees its own persons, never the host's).
  const ssdMovement = await seedMovement(t, csoPersonA);
  await seedNotifications(t, csoPersonA);
  return { csoPersonA, csoPersonB, csoSite, csoUnit, ssdPerson, ssdSite, ssdUnit, ssdMovement };
}

/**
 * Issue 13: the partner's coordinator takes notices by e-mail at a canary address and its admin
 * registers a webhook at a canary URL; a notice about the partner's person goes to both parties'
 * coordinators, so the delivery log holds both parties' rows (left pending: no scheduler runs).
 */
async function seedNotifications(t: TestApp, personId: string): Promise<void> {
  const prefs = await t.request('cso:coordinator', {
    method: 'PUT',
    url: '/api/v1/me/notification-preferences',
    payload: {
      kinds: ['alert', 'rollcall', 'checkin', 'movement'],
      channels: ['in_app', 'email'],
      email: 'canary-inbox-7731@cso.test',
      quietHours: null,
      timeZone: 'Asia/Karachi',
    },
  });
  expect(prefs.statusCode, prefs.body).toBe(200);
  const hook = await t.request('cso:admin', {
    method: 'POST',
    url: '/api/v1/webhooks',
    payload: { url: 'http://127.0.0.1:9/canary-hook-7731', kinds: ['alert'] },
  });
  expect(hook.statusCode, hook.body).toBe(201);
  await t.services.notifications.notify(
    {
      kind: 'alert',
      severity: 'warning',
      event: { name: 'alert.raised', ref: 'leak' },
      subject: { type: 'person', id: personId, partyId: 'cso' },
      template: 'alert.raised',
      params: { what: 'Incident nearby' },
    },
    {
      parties: [
        { partyId: 'cso', roles: ['coordinator', 'admin'] },
        { partyId: 'ssd', roles: ['coordinator', 'admin'] },
      ],
    },
  );
}

/**
 * A host movement taken to its debrief (or, approved by the partner, left under way): submitted, approved alone by the host's commander under
 * break-glass (level 1 needs no escort, so it is ready at once; its review stays pending, so the
 * partner's review queue lists it with the movement), departed and arrived.
 */
export async function seedMovement(
  t: TestApp,
  passenger: string,
  until: 'underway' | 'debriefed' = 'debriefed',
): Promise<string> {
  const id = await create(t, 'ssd:coordinator', '/api/v1/movements', movementPayload([passenger]));
  const step = async (verb: string, payload?: object) => {
    const res = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/movements/${id}/${verb}`,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  await step('submit');
  if (until === 'underway') {
    // Approved by the partner, as level 1 asks: no second break-glass in the review queues.
    const approved = await t.request('cso:coordinator', {
      method: 'POST',
      url: `/api/v1/movements/${id}/approvals`,
      payload: { decision: 'approved' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await step('depart');
    return id;
  }
  const glass = await t.request('ssd:commander', {
    method: 'POST',
    url: `/api/v1/movements/${id}/break-glass`,
    payload: { justification: 'Night move ordered after a threat report; partner approver unreachable' },
  });
  expect(glass.statusCode, glass.body).toBe(200);
  await step('depart');
  await step('arrive');
  await step('debrief', { note: 'CANARY-DEBRIEF-4471 the driver took the old road' });
  return id;
}

/** Viewers who may read the audit log at all (permission audit.read). */
const auditReaders: Viewer[] = [...hostRoles, ...partnerRoles].filter(
  (v) => !v.endsWith(':commander') && !v.endsWith(':person'),
);

/**
 * The salt of every audit entry so far, as a canary for each viewer of the other party who may
 * not see that entry (issue 7, finding 6): the hash of a hidden entry is seen, its salt never.
 */
export async function saltCanaries(t: TestApp): Promise<Canary[]> {
  const visible = new Map<Viewer, Set<number>>();
  for (const viewer of auditReaders) {
    const { items } = await t.services.audit.list(actorOf(t, viewer), { limit: 1_000_000 });
    visible.set(viewer, new Set(items.map((e) => e.seq)));
  }
  const rows = await t.db.selectFrom('audit_entries').select(['seq', 'party_id', 'salt']).execute();
  return rows.flatMap((row) => {
    if (!row.salt) return [];
    const owner: Owner = row.party_id === 'cso' ? 'cso' : 'ssd';
    const seq = Number(row.seq);
    const sharedWith = auditReaders.filter((v) => partyOf(v) !== owner && visible.get(v)!.has(seq));
    return [{ label: `the salt of audit entry ${seq}`, value: row.salt, owner, sharedWith }];
  });
}

/**
 * Canaries of the partner's records that the example and the strict agreement treat alike: the
 * emergency contacts and the site's city are shared with no one; the site's exact latitude only
 * with the host's exact-site viewers (the host's observer sees the partner's sites only as an area).
 */
export const partnerContactAndSiteCanaries: Canary[] = [
  { label: 'partner emergency contact A', value: 'Canary Contact 7731', owner: 'cso' },
  { label: 'partner emergency contact B', value: 'Canary Contact 8842', owner: 'cso' },
  { label: 'partner site city', value: 'Canaryville Partner', owner: 'cso' },
  { label: 'partner site exact latitude', value: '25.98765', owner: 'cso', sharedWith: hostExactSiteViewers },
  // Issue 13: where the partner's notices go, in its delivery log and preferences only.
  { label: 'partner notification e-mail address', value: 'canary-inbox-7731', owner: 'cso' },
  { label: 'partner webhook URL', value: 'canary-hook-7731', owner: 'cso' },
];

/** The partner site's perimeter, at six decimals: the example shares it with the host's exact viewers. */
export const perimeterCanaries: Canary[] = ['62.341234', '25.981234', '62.349876', '25.989876'].map(
  (value) => ({
    label: `partner site perimeter ${value}`,
    value,
    owner: 'cso',
    sharedWith: hostExactSiteViewers,
  }),
);

/** Canaries of the host's records: the example shares none of these with the partner. */
export function hostCanaries(seeded: Seeded): Canary[] {
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
    { label: 'the host movement debrief', value: 'CANARY-DEBRIEF-4471', owner: 'ssd' },
  ];
}

export const hostWithheld = [
  'debrief',
  'requestedBy',
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

/** What the example agreement shows the other party, as the leak test and the fuzzer check it. */
export function exampleLeakRules(seeded: Seeded): LeakRules {
  return {
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
      ...partnerContactAndSiteCanaries,
      {
        label: 'partner site exact longitude',
        value: '62.34567',
        owner: 'cso',
        sharedWith: hostExactSiteViewers,
      },
      // Issue 7, finding 9: the perimeter says where the site is as exactly as its location.
      ...perimeterCanaries,
      // Shared with the host's staff, but with no one outside the parties, and never logged.
      { label: 'partner phone A', value: '+92 300 7731 001', owner: 'cso', sharedWith: hostStaff },
      ...hostCanaries(seeded),
    ],
    withheldFields: {
      ssd: hostWithheld,
      cso: ['passportNumber', 'emergencyContact', 'bloodGroup', 'city'],
    },
    clearanceFields: ['passportNumber'],
    clearanceViewers: ['ssd:coordinator', 'ssd:commander'],
    exactLocationFor: { ssd: [], cso: hostExactSiteViewers },
  };
}
