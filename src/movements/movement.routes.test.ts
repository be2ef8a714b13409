import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { movementPayload, setMovementState } from '../../test/helpers/movement.js';
import { ownedRecordCases } from '../../test/helpers/owned-records.js';
import {
  auditCount,
  createPerson,
  expectAudited,
  expectError,
  queryRefusalCases,
  withBearer,
} from '../../test/helpers/routes.js';
import { system, testPassword, type TestApp } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

const t = useTestApp({ each: true, setup: putAgreementInForce });
const path = '/api/v1/movements';

/** The request, its origin named as a point may be. */
const payload = (passengers: string[], overrides: Record<string, unknown> = {}) =>
  movementPayload(passengers, { origin: { lat: 33.7, lon: 73.05, name: 'Guest house' }, ...overrides });

const post = (who: string, url: string, body?: Record<string, unknown>) =>
  t.request(who, { method: 'POST', url, ...(body ? { payload: body } : {}) });

/** A draft of the partner (cso) for a new person of its own; its id and the person's. */
async function draft(test: TestApp = t, overrides: Record<string, unknown> = {}) {
  const person = await createPerson(test, 'cso');
  const res = await post('cso:coordinator', path, payload([person], overrides));
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<{ id: string }>().id, person };
}

const row = (id: string) => t.db.selectFrom('movements').selectAll().where('id', '=', id).executeTakeFirst();

const forceState = (id: string, state: 'ready' | 'approved', approvedBy: ('host' | 'partner')[] = []) =>
  setMovementState(t, id, state, approvedBy);

describe('POST /api/v1/movements', () => {
  it('records a draft with its passengers and checkpoints, audited, with one history entry', async () => {
    const person = await createPerson(t, 'cso');
    const res = await post('cso:coordinator', path, payload([person]));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<Record<string, unknown> & { id: string }>();
    expect(body).toMatchObject({
      partyId: 'cso',
      state: 'draft',
      passengers: [person],
      origin: { siteId: null, lat: 33.7, lon: 73.05 },
      checkpoints: [{ position: 0, name: 'Zero Point', passedAt: null }],
      riskLevel: null,
      assessment: null,
      version: 1,
      withheld: [],
    });
    expect(await row(body.id)).toMatchObject({ state: 'draft', party_id: 'cso', corridor_m: 1000 });
    await expectAudited(t, 'movement.created', body.id, { by: t.users['cso:coordinator']!.id, party: 'cso' });
    const history = await t.request('cso:coordinator', { method: 'GET', url: `${path}/${body.id}/history` });
    expect(history.json()).toMatchObject({
      items: [{ seq: 1, kind: 'create', from: null, to: 'draft', agreementVersion: 1 }],
      next: null,
    });
  });

  it.each<[string, (person: string) => Record<string, unknown>, string]>([
    [
      'an arrival before the departure',
      (p) => payload([p], { plannedArrival: '2026-12-01T03:00:00Z' }),
      'plannedArrival',
    ],
    ['a route far from the origin', (p) => payload([p], { origin: { lat: 33.8, lon: 73.05 } }), 'route'],
    [
      'a checkpoint out of the window',
      (p) =>
        payload([p], {
          checkpoints: [{ name: 'Late', lat: 33.65, lon: 73.075, plannedAt: '2026-12-01T06:00:00Z' }],
        }),
      'checkpoints.0.plannedAt',
    ],
    [
      'a checkpoint off the corridor',
      (p) =>
        payload([p], {
          checkpoints: [{ name: 'Off', lat: 33.65, lon: 73.2, plannedAt: '2026-12-01T04:30:00Z' }],
        }),
      'checkpoints.0',
    ],
    ['an unknown passenger', (p) => payload([p, 'nobody']), 'passengers.1'],
    ['a passenger listed twice', (p) => payload([p, p]), 'passengers.1'],
    ['an unknown origin site', (p) => payload([p], { origin: { siteId: 'nowhere' } }), 'origin.siteId'],
    ['no vehicles', (p) => payload([p], { vehicles: [] }), 'vehicles'],
  ])('refuses %s, naming the field, and stores nothing', async (_what, make, field) => {
    const person = await createPerson(t, 'cso');
    const before = await auditCount(t);
    expectError(await post('cso:coordinator', path, make(person)), 400, 'validation_failed', `body.${field}`);
    expect(await auditCount(t)).toBe(before);
  });

  it('refuses a passenger who is away, and one of a party that shares no persons with the requester', async () => {
    const away = await t.services.persons.create(
      { type: 'system', id: 'test', partyId: null },
      {
        partyId: 'cso',
        name: 'On leave',
        nationality: 'CN',
        status: 'away',
      },
    );
    expectError(
      await post('cso:coordinator', path, payload([away.id])),
      400,
      'validation_failed',
      'body.passengers.0',
    );
    // The host sees the partner's persons (partnerToHost), the partner never the host's (none).
    const hostPerson = await createPerson(t, 'ssd');
    expectError(
      await post('cso:coordinator', path, payload([hostPerson])),
      400,
      'validation_failed',
      'body.passengers.0',
    );
  });

  it('refuses a passenger on another submitted movement at an overlapping time', async () => {
    const { id, person } = await draft();
    expect((await post('cso:coordinator', `${path}/${id}/submit`)).statusCode).toBe(200);
    const res = await post(
      'cso:coordinator',
      path,
      payload([person], {
        plannedDeparture: '2026-12-01T04:30:00Z',
        plannedArrival: '2026-12-01T05:30:00Z',
        checkpoints: [],
      }),
    );
    expectError(res, 400, 'validation_failed', 'body.passengers.0');
    // After it, the person is free.
    const later = payload([person], {
      plannedDeparture: '2026-12-01T05:00:00Z',
      plannedArrival: '2026-12-01T06:00:00Z',
      checkpoints: [],
    });
    expect((await post('cso:coordinator', path, later)).statusCode).toBe(201);
  });

  it('refuses a role that does not request movements', async () => {
    expectError(await post('cso:analyst', path, payload([])), 403, 'forbidden');
  });
});

describe('the lifecycle', () => {
  it('submit stores the assessment and the state, with history and an audit entry', async () => {
    const { id } = await draft();
    const res = await post('cso:coordinator', `${path}/${id}/submit`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'submitted',
      riskLevel: 1,
      version: 2,
      assessment: {
        agreementVersion: 1,
        riskLevel: 1,
        required: {
          clause: 'protection[level=1]',
          approvals: ['partner'],
          providers: { armed_escort: ['host'] },
        },
        breaches: [],
      },
    });
    expect(await row(id)).toMatchObject({ state: 'submitted', risk_level: 1, version: 2 });
    await expectAudited(t, 'movement.submitted', id, {
      party: 'cso',
      fields: ['assessed_at', 'assessment', 'risk_level', 'state'],
    });
  });

  it('runs draft → submitted → (ready) → underway → arrived, and the history lists every step', async () => {
    const { id } = await draft();
    expect((await post('cso:coordinator', `${path}/${id}/submit`)).statusCode).toBe(200);
    await forceState(id, 'ready', ['partner']);
    const departed = await post('ssd:commander', `${path}/${id}/depart`);
    expect(departed.statusCode, departed.body).toBe(200);
    expect(departed.json()).toMatchObject({ state: 'underway', departedAt: '2026-11-28T08:00:00.000Z' });
    expect((await post('ssd:commander', `${path}/${id}/checkpoints/0/pass`)).json()).toMatchObject({
      checkpoints: [
        { position: 0, passedAt: '2026-11-28T08:00:00.000Z', passedBy: t.users['ssd:commander']!.id },
      ],
    });
    expectError(await post('ssd:commander', `${path}/${id}/checkpoints/0/pass`), 409, 'conflict');
    expectError(
      await post('ssd:commander', `${path}/${id}/checkpoints/3/pass`),
      400,
      'validation_failed',
      'params.position',
    );
    expect((await post('cso:coordinator', `${path}/${id}/arrive`)).json()).toMatchObject({
      state: 'arrived',
    });
    expect(
      (await post('cso:coordinator', `${path}/${id}/debrief`, { note: 'Uneventful.' })).json(),
    ).toMatchObject({
      debrief: 'Uneventful.',
    });
    const passengers = await t.db
      .selectFrom('movement_passengers')
      .select('active')
      .where('movement_id', '=', id)
      .execute();
    expect(passengers).toEqual([{ active: 0 }]);
    const history = await t.request('cso:coordinator', { method: 'GET', url: `${path}/${id}/history` });
    expect(history.json<{ items: unknown[] }>().items).toMatchObject([
      { kind: 'create', to: 'draft', agreementVersion: 1 },
      { kind: 'submit', from: 'draft', to: 'submitted', agreementVersion: 1 },
      { kind: 'depart', from: 'ready', to: 'underway', agreementVersion: 1, partyId: 'ssd' },
      { kind: 'checkpoint', from: 'underway', to: 'underway', details: { position: 0 } },
      { kind: 'arrive', from: 'underway', to: 'arrived' },
      { kind: 'debrief', from: 'arrived', to: 'arrived' },
    ]);
  });

  it('refuses to depart without the approval the agreement requires, naming the clause', async () => {
    const { id } = await draft();
    await post('cso:coordinator', `${path}/${id}/submit`);
    await forceState(id, 'ready');
    const res = await post('cso:coordinator', `${path}/${id}/depart`);
    expectError(res, 403, 'agreement_refuses');
    expect(res.json<{ error: { details: unknown } }>().error.details).toMatchObject({
      clause: 'protection[level=1].approvals',
      agreementVersion: 1,
    });
    expect(await row(id)).toMatchObject({ state: 'ready' });
  });

  it.each<[string, string, Record<string, unknown> | undefined]>([
    ['depart', 'draft', undefined],
    ['arrive', 'draft', undefined],
    ['abort', 'draft', { reason: 'Road closed' }],
    ['debrief', 'draft', { note: 'Nothing' }],
  ])('refuses to %s a %s movement with invalid_transition', async (verb, state, body) => {
    const { id } = await draft();
    const res = await post('cso:coordinator', `${path}/${id}/${verb}`, body);
    expectError(res, 409, 'invalid_transition');
    expect(res.json<{ error: { details: unknown } }>().error.details).toMatchObject({ from: state });
  });

  it('cancels with a reason, releasing the passengers; a cancelled movement is not submitted again', async () => {
    const { id } = await draft();
    expectError(
      await post('cso:coordinator', `${path}/${id}/cancel`, {}),
      400,
      'validation_failed',
      'body.reason',
    );
    const res = await post('cso:coordinator', `${path}/${id}/cancel`, { reason: 'Visit postponed' });
    expect(res.json()).toMatchObject({ state: 'cancelled', endedReason: 'Visit postponed' });
    await expectAudited(t, 'movement.cancelled', id, { party: 'cso', fields: ['ended_reason', 'state'] });
    expectError(await post('cso:coordinator', `${path}/${id}/submit`), 409, 'invalid_transition');
  });

  it('changes a submitted request and assesses it again; an approved one whose requirement rises goes back', async () => {
    const { id } = await draft();
    await post('cso:coordinator', `${path}/${id}/submit`);
    const patched = await t.request('cso:coordinator', {
      method: 'PATCH',
      url: `${path}/${id}`,
      payload: { purpose: 'Changed visit' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ purpose: 'Changed visit', state: 'submitted', version: 3 });
    expectError(
      await t.request('cso:coordinator', {
        method: 'PATCH',
        url: `${path}/${id}`,
        payload: { plannedArrival: '2026-12-01T03:00:00Z' },
      }),
      400,
      'validation_failed',
      'body.plannedArrival',
    );
    // A stored assessment that asked less than now: the change raises the requirement after approval.
    const stored = JSON.parse((await row(id))!.assessment!) as { required: { approvals: string[] } };
    stored.required.approvals = [];
    await t.db
      .updateTable('movements')
      .set({ assessment: JSON.stringify(stored) })
      .where('id', '=', id)
      .execute();
    await forceState(id, 'approved', ['partner']);
    const sentBack = await t.request('cso:coordinator', {
      method: 'PATCH',
      url: `${path}/${id}`,
      payload: { purpose: 'Changed again' },
    });
    expect(sentBack.json()).toMatchObject({ state: 'submitted' });
    const approvals = await t.db
      .selectFrom('movement_approvals')
      .select('superseded')
      .where('movement_id', '=', id)
      .execute();
    expect(approvals).toEqual([{ superseded: 1 }]);
  });

  it('assesses a request without storing it', async () => {
    const person = await createPerson(t, 'cso');
    const before = await auditCount(t);
    const res = await post('cso:coordinator', `${path}/assess`, payload([person]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ riskLevel: 1, required: { clause: 'protection[level=1]' } });
    expect(await auditCount(t)).toBe(before);
  });
});

describe('who sees and changes a movement', () => {
  it('lists by state what each party sees, and refuses another party the request’s changes', async () => {
    const { id } = await draft();
    const list = async (who: string, query = '') =>
      (await t.request(who, { method: 'GET', url: `${path}${query}` }))
        .json<{ items: { id: string }[] }>()
        .items.map((m) => m.id);
    expect(await list('cso:coordinator')).toEqual([id]);
    // A draft is the requesting party's own until submitted: the host neither lists nor reads it.
    expect(await list('ssd:coordinator', '?state=draft&state=submitted')).toEqual([]);
    expectError(
      await t.request('ssd:coordinator', { method: 'GET', url: `${path}/${id}` }),
      404,
      'movement_not_found',
    );
    expectError(await post('ssd:coordinator', `${path}/${id}/submit`), 404, 'movement_not_found');
    expect((await post('cso:coordinator', `${path}/${id}/submit`)).statusCode).toBe(200);
    expect(await list('ssd:coordinator', '?state=draft&state=submitted')).toEqual([id]);
    expect(await list('ssd:coordinator', '?state=draft')).toEqual([]);
    expectError(
      await post('ssd:coordinator', `${path}/${id}/cancel`, { reason: 'not ours to cancel' }),
      403,
      'forbidden',
    );
  });

  it('shows the partner a host movement, withholding what the agreement withholds', async () => {
    const person = await createPerson(t, 'cso');
    const { id } = (await post('ssd:coordinator', path, payload([person]))).json<{ id: string }>();
    expect((await post('ssd:coordinator', `${path}/${id}/submit`)).statusCode).toBe(200);
    const seen = await t.request('cso:coordinator', { method: 'GET', url: `${path}/${id}` });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ state: 'submitted', withheld: ['debrief', 'requestedBy'] });
    expect(seen.json()).not.toHaveProperty('requestedBy');
    // The partner's analyst sees no location exactly: where it runs is withheld.
    const analyst = await t.request('cso:analyst', { method: 'GET', url: `${path}/${id}` });
    expect(analyst.json()).not.toHaveProperty('route');
    expect(analyst.json<{ withheld: string[] }>().withheld).toContain('route');
    // Its timeline keeps who asked to the host too: the same withheld requestedBy.
    const timeline = async (who: string) =>
      (await t.request(who, { method: 'GET', url: `${path}/${id}/history` }))
        .json<{ items: { kind: string; actorId: string | null; partyId: string }[] }>()
        .items.map(({ kind, actorId, partyId }) => ({ kind, actorId, partyId }));
    const host = t.users['ssd:coordinator']!.id;
    expect(await timeline('ssd:coordinator')).toEqual([
      { kind: 'create', actorId: host, partyId: 'ssd' },
      { kind: 'submit', actorId: host, partyId: 'ssd' },
    ]);
    expect(await timeline('cso:coordinator')).toEqual([
      { kind: 'create', actorId: null, partyId: 'ssd' },
      { kind: 'submit', actorId: null, partyId: 'ssd' },
    ]);
  });

  it('lets the host execute a partner movement, and not the partner a host movement', async () => {
    const person = await createPerson(t, 'cso');
    const { id } = (await post('ssd:coordinator', path, payload([person]))).json<{ id: string }>();
    await post('ssd:coordinator', `${path}/${id}/submit`);
    await forceState(id, 'ready', ['partner']);
    const res = await post('cso:commander', `${path}/${id}/depart`);
    expectError(res, 403, 'forbidden');
    expect(await row(id)).toMatchObject({ state: 'ready' });
  });
});

describe('a protected person', () => {
  it('sees only the movements they travel on (users.person_id); unlinked, none', async () => {
    const traveller = await createPerson(t, 'cso', 'Traveller');
    const { user } = await t.services.users.create(system, {
      partyId: 'cso',
      username: 'cso-traveller',
      displayName: 'Traveller',
      roles: ['person'],
      password: testPassword,
      personId: traveller,
    });
    const { secret } = await t.services.tokens.createApiToken(system, { userId: user.id, name: 'test' });
    expect(user.personId).toBe(traveller);
    const mine = (await post('cso:coordinator', path, payload([traveller]))).json<{ id: string }>().id;
    const { id: other } = await draft();
    const listed = await withBearer(t, secret, { method: 'GET', url: path });
    expect(listed.json<{ items: { id: string }[] }>().items.map((m) => m.id)).toEqual([mine]);
    expect((await withBearer(t, secret, { method: 'GET', url: `${path}/${mine}` })).statusCode).toBe(200);
    expectError(
      await withBearer(t, secret, { method: 'GET', url: `${path}/${other}` }),
      404,
      'movement_not_found',
    );
    // The test app's person user is linked to no one.
    const unlinked = await t.request('cso:person', { method: 'GET', url: path });
    expect(unlinked.json()).toEqual({ items: [], next: null });
  });

  it('is linked only to a person of the user’s own party', async () => {
    const hostPerson = await createPerson(t, 'ssd');
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'cso-x', displayName: 'X', roles: ['person'], personId: hostPerson },
    });
    expectError(res, 400, 'validation_failed', 'body.personId');
  });
});

/** The example agreement without its movement clauses, as agreements signed before movements are. */
function withoutMovementClauses(): string {
  const doc = parseYaml(exampleAgreement) as { sharing: Record<string, Record<string, unknown>> };
  for (const direction of Object.values(doc.sharing)) delete direction.movement;
  return JSON.stringify(doc);
}

describe('under an agreement signed before movements', () => {
  const old = useTestApp({ each: true, setup: (app) => putAgreementInForce(app, withoutMovementClauses()) });

  it('shares no movement, except with the party whose approval it needs, once submitted', async () => {
    const person = await createPerson(old, 'cso');
    const created = await old.request('ssd:coordinator', {
      method: 'POST',
      url: path,
      payload: payload([person]),
    });
    const { id } = created.json<{ id: string }>();
    const get = (who: string) => old.request(who, { method: 'GET', url: `${path}/${id}` });
    const list = async (who: string) =>
      (await old.request(who, { method: 'GET', url: path }))
        .json<{ items: { id: string }[] }>()
        .items.map((m) => m.id);
    expectError(await get('cso:coordinator'), 404, 'movement_not_found');
    expect(await list('cso:coordinator')).toEqual([]);
    await old.request('ssd:coordinator', { method: 'POST', url: `${path}/${id}/submit` });
    // Level 1: the partner approves, so it sees the movement whole, and where it runs exactly.
    const seen = await get('cso:coordinator');
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({
      state: 'submitted',
      riskLevel: 1,
      route: { type: 'LineString' },
      withheld: [],
    });
    expect(await list('cso:coordinator')).toEqual([id]);
  });
});

ownedRecordCases(t, {
  record: 'movement',
  caller: 'cso:coordinator',
  notFound: 'movement_not_found',
  routes: (id) => [
    { method: 'GET', url: `${path}/${id}` },
    { method: 'GET', url: `${path}/${id}/history` },
    { method: 'PATCH', url: `${path}/${id}`, payload: { purpose: 'x y z' } },
    { method: 'POST', url: `${path}/${id}/submit` },
    { method: 'POST', url: `${path}/${id}/cancel`, payload: { reason: 'none' } },
    { method: 'POST', url: `${path}/${id}/depart` },
  ],
  row,
  others: [
    {
      what: "the host's movement, which the partner sees but may not change",
      create: async () => {
        const person = await createPerson(t, 'cso');
        const { id } = (await post('ssd:coordinator', path, payload([person]))).json<{ id: string }>();
        await post('ssd:coordinator', `${path}/${id}/submit`);
        return id;
      },
      only: (route) => route.method === 'PATCH' || /submit|cancel/.test(route.url),
      status: 403,
      code: 'forbidden',
    },
  ],
});

describe('GET /api/v1/movements refuses bad queries', () => {
  queryRefusalCases(t, 'cso:coordinator', path, [
    ['state=flying', 'querystring.state'],
    ['limit=0', 'querystring.limit'],
  ]);
});
