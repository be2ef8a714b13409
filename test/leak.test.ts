import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf, exampleAgreement, putAgreementInForce } from './helpers/agreement.js';
import { type TestApp } from './helpers/app.js';
import { useTestApp } from './helpers/use-test-app.js';
import { registeredRoutes } from './helpers/route-list.js';
import { createDevice, withBearer } from './helpers/routes.js';
import {
  asResponse,
  jsonOf,
  liveCanaries,
  liveViolations,
  seedLive,
  streamViewers,
  StreamClient,
  tellsOf,
  upgradeStatus,
  type LiveSeeded,
} from './helpers/leak-live.js';
import type { Canary, Viewer, LeakRules, Seeded, Planned } from './helpers/leak.js';
import {
  hostRoles,
  partnerRoles,
  viewers,
  partyOf,
  hostExactSiteViewers,
  violationsIn,
  plan,
  saltCanaries,
  seedCanaries,
  clearanceQuery,
  exampleLeakRules,
  partnerContactAndSiteCanaries,
  perimeterCanaries,
  hostCanaries,
  hostWithheld,
} from './helpers/leak.js';

/**
 * The leak test (issue 3): canary values that the agreement does not share are seeded by their
 * owner, then every registered route is called as every role of the other party, anonymously and
 * with device tokens — lists with and without filters, search and paging, each record by id, error
 * paths, the audit log and its proofs, the API description. No canary may appear in any response
 * body or header, nor in any log line; no record of the other party may carry a withheld field or
 * a location more exact than the agreement allows. Issue 12: each party's devices report canary
 * fixes while a stream client of every role listens; no frame (snapshot, delta or replay) and no
 * answer of the live routes shows a fix to a viewer the agreement hides it from, or more exactly.
 */

/** Seeds the canaries, plans the sweep and sends it viewer by viewer; shared by both agreements. */
function leakSuite(options: {
  agreement: string;
  rules: (seeded: Seeded) => LeakRules;
  /** Extra checks of what each side must and must not see, run before the sweep. */
  controls: (t: TestApp, seeded: Seeded, rules: LeakRules) => Promise<void>;
}) {
  const t = useTestApp();
  let seeded: Seeded;
  let rules: LeakRules;
  let requests: Planned[];
  let salts: Canary[];
  const devices: Record<string, string> = {};
  const answered = new Map<Viewer, number>();
  let live: LiveSeeded;
  /** Each role's stream while the canary fixes came in: its snapshot and every delta. */
  const streamed = new Map<Viewer, StreamClient>();
  let beforeFixes: number;

  beforeAll(async () => {
    await putAgreementInForce(t, options.agreement);
    seeded = await seedCanaries(t);
    rules = options.rules(seeded);
    devices['ssd:device'] = (await createDevice(t, 'ssd', seeded.ssdUnit, 'unit')).token;
    devices['cso:device'] = (await createDevice(t, 'cso', seeded.csoPersonA)).token;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.services.eventFollower.start();
    beforeFixes = t.services.eventFollower.lastSeq;
    for (const viewer of streamViewers)
      streamed.set(viewer, new StreamClient(streamUrl(), t.users[viewer]!.token));
    for (const client of streamed.values()) await client.until((f) => f.length > 0, 'the snapshot');
    live = await seedLive(t, seeded, devices);
    rules.canaries.push(...liveCanaries(live));
    // Each party's own person reports last: a client told of it has been told everything before.
    for (const [viewer, client] of streamed) {
      const last = viewer.startsWith('ssd:') ? seeded.ssdPerson : seeded.csoPersonA;
      await client.until((frames) => frames.some((f) => tellsOf(f, last)), `${viewer}'s last fix`);
      await client.close();
    }
    // A checkpoint signed by the host server and cosigned by the partner from its own machine,
    // so that inclusion and consistency proofs have something to prove.
    const checkpoint = await t.services.audit.checkpoint(actorOf(t, 'ssd:admin'));
    await t.cosign('cso');
    const routes = await registeredRoutes(t);
    requests = plan(routes, seeded, checkpoint.treeSize + 3, checkpoint.treeSize, live.subjects, [
      live.sosAlert,
    ]);
    // Every entry's salt is a canary for those who may not see the entry.
    salts = await saltCanaries(t);
    rules.canaries.push(...salts);
  });

  function streamUrl(query = '') {
    const { port } = t.app.server.address() as { port: number };
    return `ws://127.0.0.1:${port}/api/v1/stream${query}`;
  }

  /** What the frames of a stream show `viewer` that they should not: canaries, fields, locations. */
  function frameViolations(viewer: Viewer, client: StreamClient, url: string): string[] {
    return client.texts.flatMap((text, i) => [
      ...violationsIn(rules, viewer, { method: 'WS', url: `${url} frame ${i}` }, asResponse(text)),
      ...liveViolations(live, viewer, `WS ${url} frame ${i}`, JSON.parse(text)),
    ]);
  }

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

  it('streams no canary fix to any role: snapshot, deltas, a fresh snapshot and a replay', async () => {
    const found: string[] = [];
    for (const [viewer, client] of streamed) found.push(...frameViolations(viewer, client, '/api/v1/stream'));
    // Connected after the fixes (all in the snapshot), and resumed from before them (all replayed).
    for (const query of ['', `?since=${beforeFixes}`]) {
      for (const viewer of streamViewers) {
        const client = new StreamClient(streamUrl(query), t.users[viewer]!.token);
        const last = viewer.startsWith('ssd:') ? seeded.ssdPerson : seeded.csoPersonA;
        await client.until((frames) => frames.some((f) => tellsOf(f, last)), `${viewer}${query}`);
        await client.close();
        if (query) expect(client.frames[0]!.type, viewer).not.toBe('snapshot');
        found.push(...frameViolations(viewer, client, `/api/v1/stream${query}`));
      }
    }
    expect(found).toEqual([]);
    // The anonymous caller and a device get no stream at all.
    expect(await upgradeStatus(streamUrl(), {})).toBe(401);
    for (const token of [devices['ssd:device']!, devices['cso:device']!]) {
      expect(await upgradeStatus(streamUrl(), { authorization: `Bearer ${token}` })).toBe(403);
    }
    // A protected person gets a stream for their own roll-call questions (issue 13): an empty
    // snapshot, and no fix, not even from a replay of everything.
    for (const query of ['', '?since=0']) {
      const person = new StreamClient(streamUrl(query), t.users['cso:person']!.token);
      await person.until((frames) => frames.length > 0 || person.closed !== null, 'the person stream');
      await person.close();
      expect(person.frames.filter((f) => f.type !== 'snapshot' || (f.subjects ?? []).length > 0)).toEqual([]);
    }
  });

  it('streams each fix as the agreement shows it, and the checks would catch more (positive controls)', async () => {
    const framesOf = (viewer: Viewer, subject: string) =>
      streamed
        .get(viewer)!
        .frames.filter((f) => f.type === 'position' && f.subject?.subject.id === subject)
        .map((f) => f.subject!.location);
    const fix = (label: string) => live.fixes.find((f) => f.label === label)!;
    const personA = fix('partner person A live');
    // The owner sees its person exactly, and that frame, shown to the host, is caught twice over.
    expect(framesOf('cso:observer', seeded.csoPersonA)).toEqual([
      { precision: 'exact', lat: personA.lat, lon: personA.lon },
    ]);
    const ownFrame = streamed.get('cso:observer')!.texts.find((t) => t.includes(`"${seeded.csoPersonA}"`))!;
    for (const viewer of ['ssd:coordinator', 'ssd:admin'] as const) {
      expect(violationsIn(rules, viewer, { method: 'WS', url: '/x' }, asResponse(ownFrame)).join()).toContain(
        'partner person A live',
      );
      expect(liveViolations(live, viewer, 'x', JSON.parse(ownFrame))).not.toEqual([]);
    }
    // The host's coordinator sees it as an area; its admin and observer not at all.
    expect(framesOf('ssd:coordinator', seeded.csoPersonA)).toMatchObject([{ precision: 'area' }]);
    expect(framesOf('ssd:admin', seeded.csoPersonA)).toEqual([]);
    expect(framesOf('ssd:observer', seeded.csoPersonA)).toEqual([]);
    // An SOS and a movement under way make a partner person exact to the host's area viewers.
    for (const label of ['partner person on an SOS', 'partner person on a movement']) {
      const f = fix(label);
      expect(framesOf('ssd:analyst', f.subject), label).toEqual([
        { precision: 'exact', lat: f.lat, lon: f.lon },
      ]);
      expect(framesOf('ssd:observer', f.subject), label).toEqual([]);
    }
    // The partner's unit is exact to the host's commander; the host's unit an area to the partner's coordinator.
    expect(framesOf('ssd:commander', seeded.csoUnit)).toMatchObject([{ precision: 'exact' }]);
    expect(framesOf('cso:coordinator', seeded.ssdUnit)).toMatchObject([{ precision: 'area' }]);
    expect(framesOf('cso:analyst', seeded.ssdUnit)).toEqual([]);
    // Movement changes reached both parties.
    for (const viewer of ['ssd:coordinator', 'cso:coordinator'] as const) {
      const states = streamed
        .get(viewer)!
        .frames.filter((f) => f.movement?.id === live.movement)
        .map((f) => f.movement!.state);
      expect(states, viewer).toContain('underway');
    }
    // The SOS raised an alert, streamed to both parties: exact to the host's area viewers (the SOS
    // makes it so), without a location to its admin and observer, who see no partner person's.
    const alertFrames = (viewer: Viewer) =>
      streamed
        .get(viewer)!
        .texts.map((text) => JSON.parse(text) as { type: string; alert?: { id: string; location: unknown } })
        .filter((f) => f.type === 'alert' && f.alert?.id === live.sosAlert)
        .map((f) => f.alert!.location);
    const sos = fix('partner person on an SOS');
    for (const viewer of ['ssd:coordinator', 'ssd:analyst', 'cso:observer'] as const)
      expect(alertFrames(viewer), viewer).toEqual([{ precision: 'exact', lat: sos.lat, lon: sos.lon }]);
    for (const viewer of ['ssd:admin', 'ssd:observer'] as const)
      expect(alertFrames(viewer), viewer).toEqual([null]);
    // Had the host's observer been sent the owner's frame, the checks would have caught it.
    const ownAlert = streamed.get('cso:observer')!.texts.find((t) => t.includes(`"${live.sosAlert}"`))!;
    expect(liveViolations(live, 'ssd:observer', 'x', JSON.parse(ownAlert))).not.toEqual([]);
    const listed = await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/alerts?rule=sos' });
    expect(listed.json()).toMatchObject({ items: [{ id: live.sosAlert, location: { precision: 'exact' } }] });
    // The live routes the sweep calls have these fixes to answer with.
    const seen = await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/live' });
    const items = seen.json<{ items: { subject: { id: string } }[] }>().items.map((i) => i.subject.id);
    expect(items).toEqual(expect.arrayContaining([seeded.csoPersonA, seeded.csoUnit, live.sosPerson]));
    const track = await t.request('cso:coordinator', {
      method: 'GET',
      url: `/api/v1/tracks/person/${seeded.csoPersonA}`,
    });
    expect(track.json()).toMatchObject({
      points: [{ location: { precision: 'exact', lat: personA.lat, lon: personA.lon } }],
    });
  });

  it('gives each party the salts of its own entries, which the checks would find elsewhere', async () => {
    const request = { method: 'GET', url: '/api/v1/audit?limit=500' };
    const hidden = salts.filter((c) => c.owner === 'ssd' && !c.sharedWith?.includes('cso:observer'));
    expect(hidden.length).toBeGreaterThan(10);
    const own = await t.request('ssd:observer', request);
    // The host observer receives the salts of the host's entries that the partner may not see.
    expect(hidden.filter((c) => own.body.includes(c.value)).length).toBeGreaterThan(10);
    // The host's own view, seen as if by the partner observer: the salts are caught.
    expect(
      violationsIn(rules, 'cso:observer', request, own).some((v) => v.includes('the salt of audit entry')),
    ).toBe(true);
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
        found.push(...liveViolations(live, viewer, `${request.method} ${url}`, jsonOf(response)));
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

describe('leak test under the example agreement', () => {
  leakSuite({
    agreement: exampleAgreement,
    rules: exampleLeakRules,
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
      // The partner's delivery log holds its canary address and webhook URL, which the checks would flag.
      const log = await get('cso:coordinator', '/api/v1/notifications/deliveries?limit=500');
      expect(log.body).toContain('canary-inbox-7731@cso.test');
      expect(log.body).toContain('canary-hook-7731');
      const logAsIfHost = violationsIn(rules, 'ssd:admin', { method: 'GET', url: '/x' }, log).join('\n');
      expect(logAsIfHost).toContain('partner notification e-mail address');
      expect(logAsIfHost).toContain('partner webhook URL');
      // The host's coordinator has deliveries of its own in the log, about the same notice.
      const hostLog = await get('ssd:coordinator', '/api/v1/notifications/deliveries?limit=500');
      expect(hostLog.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);

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

      // The host's movement: its debrief is the host's own; the partner sees the movement without it.
      const movement = await get('ssd:coordinator', `/api/v1/movements/${seeded.ssdMovement}`);
      expect(movement.json()).toMatchObject({
        state: 'arrived',
        debrief: expect.stringContaining('CANARY-DEBRIEF'),
      });
      const movementAsIfPartner = violationsIn(
        rules,
        'cso:coordinator',
        { method: 'GET', url: '/x' },
        movement,
      );
      expect(movementAsIfPartner.join('\n')).toContain('the host movement debrief');
      expect(movementAsIfPartner.join('\n')).toContain('carries debrief');
      const partnerView = await get('cso:coordinator', `/api/v1/movements/${seeded.ssdMovement}`);
      expect(partnerView.json()).toMatchObject({ state: 'arrived', withheld: ['debrief', 'requestedBy'] });
      // Its break-glass approval, awaiting the partner's review, is in both queues with the
      // movement as each party is shown it: the host's with its debrief, which the check would
      // flag to the partner, and the partner's without.
      const hostQueue = await get('ssd:coordinator', '/api/v1/movements/break-glass');
      expect(hostQueue.json()).toMatchObject({
        items: [
          {
            movementId: seeded.ssdMovement,
            movement: { debrief: expect.stringContaining('CANARY-DEBRIEF') },
          },
        ],
      });
      const queueAsIfPartner = violationsIn(
        rules,
        'cso:coordinator',
        { method: 'GET', url: '/x' },
        hostQueue,
      );
      expect(queueAsIfPartner.join('\n')).toContain('the host movement debrief');
      const partnerQueue = await get('cso:coordinator', '/api/v1/movements/break-glass');
      expect(partnerQueue.json()).toMatchObject({
        items: [
          {
            movementId: seeded.ssdMovement,
            movement: { state: 'arrived', withheld: ['debrief', 'requestedBy'] },
          },
        ],
      });

      // What the agreement does share reaches the other party: the sweep is not passing on 404s.
      const shared = await get('ssd:coordinator', `/api/v1/persons/${seeded.csoPersonA}`);
      expect(shared.statusCode).toBe(200);
      expect(shared.json()).toMatchObject({ name: 'Zhou Ming', phone: '+92 300 7731 001' });
      expect(shared.json<{ withheld: string[] }>().withheld).toEqual(
        expect.arrayContaining(['emergencyContact', 'passportNumber']),
      );
      // The partner's perimeter reaches the host's exact viewers; the check would flag it to the observer.
      const perimeter = await get('ssd:commander', `/api/v1/sites/${seeded.csoSite}`);
      expect(perimeter.json()).toMatchObject({
        location: { precision: 'exact' },
        perimeter: { type: 'Polygon', coordinates: [expect.arrayContaining([[62.341234, 25.981234]])] },
      });
      const asIfObserver = violationsIn(rules, 'ssd:observer', { method: 'GET', url: '/x' }, perimeter);
      expect(asIfObserver.join('\n')).toContain('partner site perimeter 62.341234');
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
      const clearance = await get('ssd:commander', `/api/v1/persons/${seeded.csoPersonA}?${clearanceQuery}`);
      expect(clearance.json()).toMatchObject({ passportNumber: 'CANARYPP1' });
      expect(clearance.json()).not.toHaveProperty('emergencyContact');
      const asked = { method: 'GET', url: `/x?${clearanceQuery}` };
      expect(violationsIn(rules, 'ssd:commander', asked, clearance)).toEqual([]);
      expect(violationsIn(rules, 'ssd:commander', { method: 'GET', url: '/x' }, clearance)).not.toEqual([]);
      // The same answer to a role the agreement does not name would be a leak: the check says so.
      expect(violationsIn(rules, 'ssd:observer', asked, clearance)).not.toEqual([]);
      // Issue 7, finding 8: the observer is refused the clearance the commander was granted.
      const refused = await get('ssd:observer', `/api/v1/persons/${seeded.csoPersonA}?${clearanceQuery}`);
      expect(refused.statusCode).toBe(403);
    },
  });
});

describe('searching by passport number without a clearance', () => {
  const t = useTestApp({ config: { logLevel: 'silent' } });
  let seeded: Seeded;
  beforeAll(async () => {
    await putAgreementInForce(t);
    seeded = await seedCanaries(t);
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
      `/api/v1/persons?passportNumber=CANARYPP1&${clearanceQuery}`,
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
        ...partnerContactAndSiteCanaries,
        ...perimeterCanaries,
        ...hostCanaries(seeded),
      ],
      withheldFields: {
        ssd: hostWithheld,
        cso: ['passportNumber', 'phone', 'emergencyContact', 'bloodGroup', 'city'],
      },
      clearanceFields: [],
      clearanceViewers: ['ssd:coordinator', 'ssd:commander'],
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
        url: `/api/v1/persons/${seeded.csoPersonA}?${clearanceQuery}`,
      });
      expect(clearance.statusCode).toBe(200);
      expect(clearance.json()).toMatchObject({ name: 'Zhou Ming' });
      expect(clearance.json<{ withheld: string[] }>().withheld).toEqual(
        expect.arrayContaining(['passportNumber', 'phone']),
      );
    },
  });
});
