import { describe, expect, it, vi } from 'vitest';
import { actorOf, putAgreementInForce } from '../../test/helpers/agreement.js';
import { auditEntries, system, type TestApp } from '../../test/helpers/app.js';
import { movementPayload } from '../../test/helpers/movement.js';
import { createDevice, expectError } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

const t = useTestApp({ each: true, setup: (app) => putAgreementInForce(app) });

/** An area round the test movement's route (Islamabad to Rawalpindi) and the site below. */
const area = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [73.0, 33.62],
      [73.12, 33.62],
      [73.12, 33.72],
      [73.0, 33.72],
      [73.0, 33.62],
    ],
  ] as [number, number][][],
};
const inside = { lat: 33.66, lon: 73.06 };
const basic = (token: string) => `Basic ${Buffer.from(`phone:${token}`).toString('base64')}`;

async function report(token: string, point: { lat: number; lon: number }, at = t.clock.now()) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/ingest/owntracks',
    headers: { authorization: basic(token), 'content-type': 'application/json' },
    payload: { _type: 'location', ...point, tst: Math.floor(at.getTime() / 1000), acc: 8 },
  });
  expect(res.statusCode).toBe(200);
}

async function site(party: string, point: { lat: number; lon: number }) {
  const created = await t.services.sites.create(system, {
    partyId: party,
    name: `${party} camp`,
    kind: 'camp',
    ...point,
    protectionLevel: 3,
  });
  return created.id;
}

async function personAt(party: string, siteId: string | null, name: string) {
  const person = await t.services.persons.create(system, {
    partyId: party,
    name,
    nationality: 'CN',
    status: 'in_country',
    siteId,
  });
  return person.id;
}

/** A movement of `passengers` under way, with an accepted escort `unitId`, as the movement capability leaves it. */
async function underway(app: TestApp, passengers: string[], unitId: string) {
  const created = await app.request('cso:coordinator', {
    method: 'POST',
    url: '/api/v1/movements',
    payload: movementPayload(passengers),
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  await app.db
    .updateTable('movements')
    .set({ state: 'underway', departed_at: app.clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
  await app.db
    .insertInto('movement_units')
    .values({
      id: `${id}-escort`,
      movement_id: id,
      unit_id: unitId,
      unit_party_id: 'ssd',
      status: 'accepted',
      assigned_by: app.users['ssd:coordinator']!.id,
      assigned_at: app.clock.now().toISOString(),
      responded_by: null,
      responded_at: null,
      decline_reason: null,
      released_by: null,
      released_at: null,
      starts_ms: 0,
      ends_ms: 1,
      active: 0,
      agreement_version: 1,
    })
    .execute();
  return id;
}

async function unit(party: string, baseSiteId: string | null = null) {
  const created = await t.services.units.create(system, {
    partyId: party,
    kind: 'close_protection',
    callSign: `${party}-CP`,
    strength: 4,
    vehicles: 1,
    armouredVehicles: 1,
    status: 'available',
    baseSiteId,
  });
  return created.id;
}

type Board = {
  id: string;
  totals: { expected: number; safe: number; needHelp: number; silent: number; accountedShare: number };
  subjects: {
    subject: { type: string; id: string };
    name: string | null;
    reasons: string[];
    state: string;
    duress: boolean;
    answeredVia: string | null;
    onBehalfBy: string | null;
    corroboratedAt: string | null;
  }[];
  unlisted: number;
  timeTo100Ms: number | null;
  curve: { afterMs: number; share: number }[];
  waves: { wave: number; kind: string; ranAt: string | null; recipients: number | null }[];
};

async function start(who: string, payload: Record<string, unknown>) {
  const res = await t.request(who, { method: 'POST', url: '/api/v1/rollcalls', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Board>();
}

async function board(who: string, id: string) {
  const res = await t.request(who, { method: 'GET', url: `/api/v1/rollcalls/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Board>();
}

const reasonsOf = (b: Board) =>
  Object.fromEntries(b.subjects.map((s) => [s.subject.id, s.reasons])) as Record<string, string[]>;

/** Waits for `check` to give a value (ten seconds at most): for work done after a write, on its event. */
async function eventually<T>(check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Links the test user `cso:person` to a person. */
async function linkPersonUser(personId: string) {
  await t.db
    .updateTable('users')
    .set({ person_id: personId })
    .where('id', '=', t.users['cso:person']!.id)
    .execute();
}

/** Feeds the roll-calls' follower every event logged so far, as the event follower does. */
async function follow() {
  for (const event of await t.services.eventLog.read(0, 10_000)) await t.services.rollcallWaves.apply(event);
}

describe('starting a roll-call', () => {
  it('expects persons by last fix, by assigned site and by the manifests of movements under way, each with why', async () => {
    const campId = await site('cso', { lat: 33.7, lon: 73.05 });
    const atSite = await personAt('cso', campId, 'Site Person');
    const byFix = await createDevice(t, 'cso');
    await report(byFix.token, inside);
    const far = await createDevice(t, 'cso');
    await report(far.token, { lat: 35, lon: 72 });
    const passenger = await personAt('cso', null, 'Passenger');
    const escort = await unit('ssd');
    const movementId = await underway(t, [passenger], escort);

    const started = await start('cso:coordinator', { area });
    expect(reasonsOf(started)).toEqual({
      [atSite]: ['site'],
      [byFix.subjectId]: ['fix'],
      [passenger]: ['manifest'],
      [escort]: ['manifest'],
    });
    expect(started.totals).toMatchObject({ expected: 4, silent: 4, accountedShare: 0 });
    const [entry] = await auditEntries(t.db, 'rollcall.started');
    expect(entry).toMatchObject({ entity_id: started.id, party_id: 'cso' });

    // A site's roll-call asks its own and the movement leaving it.
    expect(reasonsOf(await start('cso:coordinator', { siteId: campId }))).toEqual({
      [atSite]: ['site'],
      [passenger]: ['manifest'],
      [escort]: ['manifest'],
    });
    // A movement's: its passengers and escort, and whoever else is in its corridor.
    expect(reasonsOf(await start('cso:coordinator', { movementId }))).toEqual({
      [atSite]: ['site'],
      [byFix.subjectId]: ['fix'],
      [passenger]: ['manifest'],
      [escort]: ['manifest'],
    });
  });

  it('shows each party the same totals, listing the other party’s subjects only as the agreement allows', async () => {
    const campId = await site('cso', { lat: 33.7, lon: 73.05 });
    const atSite = await personAt('cso', campId, 'Site Person');
    const byFix = await createDevice(t, 'cso');
    await report(byFix.token, inside);
    const started = await start('cso:coordinator', { area });
    // The partner sees its own persons, each by name and reason.
    expect(started.subjects.map((s) => s.subject.id).sort()).toEqual([atSite, byFix.subjectId].sort());
    for (const who of ['ssd:coordinator', 'ssd:observer', 'ssd:admin', 'ssd:commander', 'ssd:analyst']) {
      const seen = await board(who, started.id);
      // Assigned sites are shared: that person is listed. Where a fix put the other counts only:
      // the host sees partner persons no more exactly than an area cell, so it is not listed.
      expect(seen.totals, who).toEqual(started.totals);
      expect(
        seen.subjects.map((s) => [s.subject.id, s.name, s.reasons]),
        who,
      ).toEqual([[atSite, 'Site Person', ['site']]]);
      expect(seen.unlisted, who).toBe(1);
    }
    // A person sees no board.
    const refused = await t.request('cso:person', { method: 'GET', url: `/api/v1/rollcalls/${started.id}` });
    expectError(refused, 403, 'forbidden');
  });

  it('refuses bad input naming the field, and a site it may not see as not found', async () => {
    const none = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/rollcalls',
      payload: {},
    });
    expectError(none, 400, 'validation_failed', 'body.area');
    const waves = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/rollcalls',
      payload: {
        area,
        waves: [
          { kind: 'lead', afterMinutes: 10 },
          { kind: 'reminder', afterMinutes: 5 },
        ],
      },
    });
    expectError(waves, 400, 'validation_failed', 'body.waves');
    const missing = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/rollcalls',
      payload: { siteId: 'no-such-site' },
    });
    expectError(missing, 404, 'site_not_found');
    const person = await t.request('cso:person', {
      method: 'POST',
      url: '/api/v1/rollcalls',
      payload: { area },
    });
    expectError(person, 403, 'forbidden');
  });

  it('starts from an incident recorded near people, once, within a radius by its toll; not from an old one', async () => {
    const byFix = await createDevice(t, 'cso');
    await report(byFix.token, inside);
    const incident = {
      date: t.clock.now().toISOString().slice(0, 10),
      province: 'Islamabad',
      lat: inside.lat + 0.02, // 2.2 km away: inside 5 km for one wounded
      lon: inside.lon,
      type: 'ied',
      wounded: { best: 1 },
      status: 'reported',
    };
    const res = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incident,
    });
    expect(res.statusCode, res.body).toBe(201);
    // The roll-call starts after the incident's write, on its event: wait for it.
    const list = await eventually(async () => {
      const res = await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/rollcalls' });
      return res.json<{ items: unknown[] }>().items.length > 0 ? res : null;
    });
    const items = list.json<{
      items: { id: string; kind: string; incidentId: string; totals: { expected: number } }[];
    }>().items;
    expect(items).toMatchObject([
      { kind: 'incident', incidentId: res.json<{ id: string }>().id, totals: { expected: 1 } },
    ]);
    // An incident from history asks no one, and an incident starts one roll-call however often it is revised.
    const old = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...incident, date: '2024-10-06' },
    });
    expect(old.statusCode).toBe(201);
    expect(await t.services.rollcalls.startForIncident(old.json<{ id: string }>().id)).toBeNull();
    expect(await t.services.rollcalls.startForIncident(res.json<{ id: string }>().id)).toBeNull();
  });
});

describe('answering', () => {
  it('records a duress PIN as needing help for staff, raises the silent alarm, and shows the person nothing different', async () => {
    const campId = await site('cso', { lat: 33.7, lon: 73.05 });
    const personId = await personAt('cso', campId, 'Engineer');
    await linkPersonUser(personId);
    const pins = await t.request('cso:person', {
      method: 'PUT',
      url: '/api/v1/me/rollcall-pins',
      payload: { pin: '2468', duressPin: '1357' },
    });
    expect(pins.statusCode, pins.body).toBe(204);
    const plain = await start('cso:coordinator', { siteId: campId });
    const forced = await start('cso:coordinator', { siteId: campId });
    const answer = (id: string, pin: string) =>
      t.request('cso:person', {
        method: 'POST',
        url: `/api/v1/rollcalls/${id}/answer`,
        payload: { answer: 'safe', pin },
      });
    const safe = await answer(plain.id, '2468');
    const duress = await answer(forced.id, '1357');
    expect(safe.statusCode, safe.body).toBe(200);
    expect(duress.statusCode, duress.body).toBe(200);
    // The person's own view, answered and read again, cannot be told apart but by the roll-call's id.
    const same = (body: Record<string, unknown>) => ({ ...body, rollcallId: 'x' });
    expect(same(duress.json())).toEqual(same(safe.json()));
    expect(Object.keys(duress.json<object>()).sort()).toEqual(Object.keys(safe.json<object>()).sort());
    const mine = (await t.request('cso:person', { method: 'GET', url: '/api/v1/rollcalls/mine' })).json<{
      items: Record<string, unknown>[];
    }>().items;
    expect(mine).toHaveLength(2);
    expect(same(mine[0]!)).toEqual(same(mine[1]!));
    expect(mine[0]).toMatchObject({ answer: 'safe' });
    // Staff see it as needing help, and the duress.
    expect((await board('cso:coordinator', plain.id)).subjects[0]).toMatchObject({
      state: 'safe',
      duress: false,
    });
    expect((await board('cso:coordinator', forced.id)).subjects[0]).toMatchObject({
      state: 'need_help',
      duress: true,
    });
    expect((await board('ssd:coordinator', forced.id)).totals).toMatchObject({ needHelp: 1, safe: 0 });
    // The silent alarm, logged in the answer's own write, and the same audited fields for both.
    const events = await t.services.eventLog.read(0, 1_000);
    const alarm = events.filter((e) => e.name === 'rollcall.duress');
    expect(alarm).toMatchObject([
      { payload: { rollcallId: forced.id, subject: { type: 'person', id: personId } } },
    ]);
    const answered = events.find(
      (e) => e.name === 'rollcall.answered' && (e.payload as { rollcallId: string }).rollcallId === forced.id,
    )!;
    expect(answered.payload).toMatchObject({ answer: 'safe' });
    expect(Math.abs(Number(answered.seq) - Number(alarm[0]!.seq))).toBe(1);
    const entries = await auditEntries(t.db, 'rollcall.answered');
    expect(entries.map((e) => e.fields)).toEqual([entries[0]!.fields, entries[0]!.fields]);
    // The alarm is an SOS alert for staff; the person, who may not read alerts, is told nothing.
    await vi.waitFor(async () => {
      const alerts = await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/alerts?rule=sos' });
      expect(alerts.json<{ items: unknown[] }>().items).toMatchObject([
        { rule: 'sos', state: 'open', subject: { type: 'person', id: personId } },
      ]);
    });
    expect((await t.request('cso:person', { method: 'GET', url: '/api/v1/alerts' })).statusCode).toBe(403);
    // A wrong PIN is refused, naming the field.
    expectError(await answer(plain.id, '0000'), 400, 'rollcall_pin_invalid', 'body.pin');
  });

  it('takes a one-time link once, and staff on a person’s behalf recorded as such; not from the other party', async () => {
    const campId = await site('cso', { lat: 33.7, lon: 73.05 });
    const one = await personAt('cso', campId, 'One');
    const two = await personAt('cso', campId, 'Two');
    const started = await start('cso:coordinator', { siteId: campId });
    const token = (await t.services.rollcalls.linkOf(started.id, { type: 'person', id: one }))!;
    const shown = await t.app.inject({ method: 'GET', url: `/api/v1/rollcall-links/${token}` });
    expect(shown.json()).toMatchObject({ rollcallId: started.id, answer: null });
    const used = await t.app.inject({
      method: 'POST',
      url: `/api/v1/rollcall-links/${token}`,
      payload: { answer: 'need_help' },
    });
    expect(used.json()).toMatchObject({ answer: 'need_help' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/rollcall-links/${token}`,
      payload: { answer: 'safe' },
    });
    expectError(again, 404, 'rollcall_link_invalid');
    expect(await t.services.rollcalls.linkOf(started.id, { type: 'person', id: one })).toBeNull();

    const url = `/api/v1/rollcalls/${started.id}/subjects/person/${two}/answer`;
    expectError(
      await t.request('ssd:coordinator', { method: 'POST', url, payload: { answer: 'safe' } }),
      403,
      'forbidden',
    );
    const forThem = await t.request('cso:commander', { method: 'POST', url, payload: { answer: 'safe' } });
    expect(forThem.statusCode, forThem.body).toBe(200);
    const seen = await board('cso:coordinator', started.id);
    expect(seen.subjects.find((s) => s.subject.id === two)).toMatchObject({
      state: 'safe',
      answeredVia: 'staff',
      onBehalfBy: t.users['cso:commander']!.id,
    });
    expect(seen.subjects.find((s) => s.subject.id === one)).toMatchObject({
      state: 'need_help',
      answeredVia: 'link',
    });
    expect(seen.totals).toMatchObject({ accountedShare: 1 });
    expect(seen.timeTo100Ms).toBe(0);

    // Closed, the links stop working and answers are refused.
    const three = await personAt('cso', campId, 'Three');
    const later = await start('cso:coordinator', { siteId: campId });
    const link = (await t.services.rollcalls.linkOf(later.id, { type: 'person', id: three }))!;
    expect(
      (await t.request('cso:coordinator', { method: 'POST', url: `/api/v1/rollcalls/${later.id}/close` }))
        .statusCode,
    ).toBe(200);
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/rollcall-links/${link}`,
      payload: { answer: 'safe' },
    });
    expectError(closed, 404, 'rollcall_link_invalid');
  });

  it('corroborates an answer with a fresh fix inside the area, not with one outside', async () => {
    const inArea = await createDevice(t, 'cso');
    const leaving = await createDevice(t, 'cso');
    await report(inArea.token, inside);
    await report(leaving.token, inside);
    const started = await start('cso:coordinator', { area });
    t.clock.advance(60_000);
    await report(inArea.token, { lat: inside.lat + 0.001, lon: inside.lon });
    await report(leaving.token, { lat: 34.5, lon: 73.06 });
    await follow();
    const seen = await board('cso:coordinator', started.id);
    const of = (id: string) => seen.subjects.find((s) => s.subject.id === id)!;
    expect(of(inArea.subjectId).corroboratedAt).toBe(
      t.clock
        .now()
        .toISOString()
        .replace(/\.\d+Z$/, '.000Z'),
    );
    expect(of(leaving.subjectId).corroboratedAt).toBeNull();
    expect(await auditEntries(t.db, 'rollcall.corroborated')).toHaveLength(1);
  });

  it('draws the accounted-for curve from the answers', async () => {
    const campId = await site('cso', { lat: 33.7, lon: 73.05 });
    const ids = [await personAt('cso', campId, 'A'), await personAt('cso', campId, 'B')];
    const started = await start('cso:coordinator', { siteId: campId });
    for (const [i, id] of ids.entries()) {
      t.clock.advance((i + 1) * 60_000);
      await t.services.rollcallAnswers.answerFor(
        actorOf(t, 'cso:coordinator'),
        started.id,
        { type: 'person', id },
        'safe',
      );
    }
    const seen = await board('ssd:coordinator', started.id);
    expect(seen.curve.map((p) => [p.afterMs, p.share])).toEqual([
      [0, 0],
      [60_000, 0.5],
      [180_000, 1],
    ]);
    expect(seen.timeTo100Ms).toBe(180_000);
  });
});

describe('escalating the silent', () => {
  it('runs each wave on the scheduler at its time: reminder, lead, coordinators; devices asked to report', async () => {
    const campId = await site('cso', { lat: 33.7, lon: 73.05 });
    const guard = await unit('cso', campId);
    await t.db
      .updateTable('users')
      .set({ unit_id: guard })
      .where('id', '=', t.users['cso:commander']!.id)
      .execute();
    const silentOne = await createDevice(t, 'cso', await personAt('cso', campId, 'Silent'));
    const answering = await personAt('cso', campId, 'Answering');
    await linkPersonUser(silentOne.subjectId);
    const started = await start('cso:coordinator', { siteId: campId });
    // Asked at once: every expected device.
    expect(t.services.deviceCommands.take(silentOne.id)).toMatchObject([{ action: 'reportLocation' }]);
    await t.services.rollcallAnswers.answerFor(
      actorOf(t, 'cso:coordinator'),
      started.id,
      { type: 'person', id: answering },
      'safe',
    );

    const escalated = async () =>
      (await t.services.eventLog.read(0, 1_000))
        .filter((e) => e.name === 'rollcall.escalated')
        .map(
          (e) => e.payload as { wave: number; kind: string; recipients: string[]; silent: { id: string }[] },
        );
    t.clock.advance(4 * 60_000);
    await t.services.scheduler.runDue();
    expect(await escalated()).toEqual([]);
    t.clock.advance(60_000);
    await t.services.scheduler.runDue();
    expect(await escalated()).toEqual([
      {
        rollcallId: started.id,
        wave: 1,
        kind: 'reminder',
        silent: [{ type: 'person', id: silentOne.subjectId }],
        recipients: [t.users['cso:person']!.id],
      },
    ]);
    expect(t.services.deviceCommands.take(silentOne.id)).toMatchObject([{ action: 'reportLocation' }]);
    t.clock.advance(10 * 60_000);
    await t.services.scheduler.runDue();
    t.clock.advance(15 * 60_000);
    await t.services.scheduler.runDue();
    const waves = await escalated();
    expect(waves.map((w) => [w.wave, w.kind, w.recipients])).toEqual([
      [1, 'reminder', [t.users['cso:person']!.id]],
      [2, 'lead', [t.users['cso:commander']!.id]],
      [3, 'coordinators', [t.users['cso:coordinator']!.id, t.users['ssd:coordinator']!.id].sort()],
    ]);
    const seen = await board('cso:coordinator', started.id);
    expect(seen.waves.map((w) => [w.wave, w.ranAt !== null, w.recipients])).toEqual([
      [1, true, 1],
      [2, true, 1],
      [3, true, 2],
    ]);
    expect(await auditEntries(t.db, 'rollcall.escalated')).toHaveLength(3);
    // At its expiry (a day by default) it closes by itself.
    t.clock.advance(24 * 60 * 60_000);
    await t.services.scheduler.runDue();
    expect((await board('cso:coordinator', started.id)) as unknown).toMatchObject({ status: 'closed' });
  });

  it('runs no wave once the roll-call is closed', async () => {
    const campId = await site('cso', { lat: 33.7, lon: 73.05 });
    await personAt('cso', campId, 'Silent');
    const started = await start('cso:coordinator', {
      siteId: campId,
      waves: [{ kind: 'coordinators', afterMinutes: 5 }],
    });
    await t.request('cso:coordinator', { method: 'POST', url: `/api/v1/rollcalls/${started.id}/close` });
    t.clock.advance(10 * 60_000);
    await t.services.scheduler.runDue();
    expect(await auditEntries(t.db, 'rollcall.escalated')).toHaveLength(0);
  });
});
