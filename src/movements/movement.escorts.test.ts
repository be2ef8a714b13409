import { describe, expect, it } from 'vitest';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { system, testPassword, type TestApp } from '../../test/helpers/app.js';
import { movementPayload, setMovementState } from '../../test/helpers/movement.js';
import { insertMovementRow } from '../../test/helpers/movement-rows.js';
import { create, unitPayload } from '../../test/helpers/registry.js';
import { createPerson, expectAudited, expectError, withBearer } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import type { MovementAssessment } from './movement.assessment.js';

// Issue 11, part 5: escort assignment end to end, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.

const t = useTestApp({ each: true, setup: putAgreementInForce });
const path = '/api/v1/movements';

const post = (who: string, url: string, body?: Record<string, unknown>) =>
  t.request(who, { method: 'POST', url, ...(body ? { payload: body } : {}) });

/**
 * A partner movement (Islamabad to Rawalpindi, armoured car, 1 December 04:00–05:00 UTC),
 * submitted, then assessed as at level 4 (one armed escort vehicle and an armoured car, 06:00–19:00
 * Karachi time, host and partner approve) and approved by both, straight in the database.
 */
async function approvedMovement(test: TestApp = t): Promise<string> {
  const person = await createPerson(test, 'cso');
  const created = await test.request('cso:coordinator', {
    method: 'POST',
    url: path,
    payload: movementPayload([person]),
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  expect(
    (await test.request('cso:coordinator', { method: 'POST', url: `${path}/${id}/submit` })).statusCode,
  ).toBe(200);
  await assessAt(test, id, 4);
  await setMovementState(test, id, 'approved', ['host', 'partner']);
  return id;
}

/** The movement's stored assessment as at `level`, with the example agreement's protection clause there. */
async function assessAt(test: TestApp, id: string, level: 4 | 5) {
  const row = await test.db
    .selectFrom('movements')
    .select('assessment')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const assessment = JSON.parse(row.assessment!) as MovementAssessment;
  const armed = level === 4 ? 1 : 2;
  const hours = level === 4 ? { from: '06:00', to: '19:00' } : { from: '07:00', to: '17:00' };
  const raised = {
    ...assessment,
    riskLevel: level,
    required: {
      ...assessment.required,
      clause: `protection[level=${level}]`,
      armedEscortVehicles: armed,
      armouredPassengerVehicle: true,
      allowedHours: hours,
      approvals: ['host', 'partner'],
    },
  };
  await test.db
    .updateTable('movements')
    .set({ assessment: JSON.stringify(raised), risk_level: level })
    .where('id', '=', id)
    .execute();
}

/** A host armed escort unit of `vehicles` vehicles, and a commander linked to it with a token. */
async function escortUnit(test: TestApp = t, callSign = 'ESCORT-7', vehicles = 1) {
  const unitId = await create(
    test,
    'ssd:coordinator',
    '/api/v1/units',
    unitPayload({ kind: 'armed_escort', callSign, vehicles, armouredVehicles: 0 }),
  );
  const { user } = await test.services.users.create(system, {
    partyId: 'ssd',
    username: `cmd-${callSign.toLowerCase()}`,
    displayName: `Commander of ${callSign}`,
    roles: ['commander'],
    password: testPassword,
    unitId,
  });
  const { secret } = await test.services.tokens.createApiToken(system, { userId: user.id, name: 'test' });
  const as = (options: Parameters<typeof withBearer>[2]) => withBearer(test, secret, options);
  return { unitId, commander: user.id, as };
}

const stateOf = async (id: string) =>
  (await t.db.selectFrom('movements').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;

describe('assigning an escort and its commander answering', () => {
  it('makes an approved movement ready once the assigned unit accepts, each step audited and in the history', async () => {
    const id = await approvedMovement();
    const unit = await escortUnit();

    const assigned = await post('ssd:coordinator', `${path}/${id}/units`, { unitId: unit.unitId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({
      state: 'approved',
      units: [
        {
          unitId: unit.unitId,
          partyId: 'ssd',
          status: 'assigned',
          callSign: 'ESCORT-7',
          kind: 'armed_escort',
        },
      ],
    });
    await expectAudited(t, 'movement.escort_assigned', id, {
      by: t.users['ssd:coordinator']!.id,
      party: 'cso',
    });
    // The partner sees the host's unit in its movement, as the unit's sharing shows it.
    const partnerView = await t.request('cso:coordinator', { method: 'GET', url: `${path}/${id}` });
    expect(partnerView.json()).toMatchObject({
      units: [{ unitId: unit.unitId, callSign: 'ESCORT-7', status: 'assigned' }],
    });

    const accepted = await unit.as({ method: 'POST', url: `${path}/${id}/units/${unit.unitId}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      state: 'ready',
      units: [{ unitId: unit.unitId, status: 'accepted' }],
    });
    await expectAudited(t, 'movement.escort_accepted', id, { by: unit.commander, party: 'cso' });
    const booking = await t.db
      .selectFrom('movement_units')
      .selectAll()
      .where('movement_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(booking).toMatchObject({ status: 'accepted', active: 1, responded_by: unit.commander });

    const history = await t.request('cso:coordinator', { method: 'GET', url: `${path}/${id}/history` });
    const kinds = history
      .json<{ items: { kind: string; from: string; to: string }[] }>()
      .items.map((h) => [h.kind, h.from, h.to]);
    expect(kinds.slice(-2)).toEqual([
      ['escort_assign', 'approved', 'approved'],
      ['escort_accept', 'approved', 'ready'],
    ]);
  });

  it('keeps the movement approved while the accepted escort falls short, naming the clause', async () => {
    const id = await approvedMovement();
    await assessAt(t, id, 5); // two armed escort vehicles
    const unit = await escortUnit();
    expect((await post('ssd:coordinator', `${path}/${id}/units`, { unitId: unit.unitId })).statusCode).toBe(
      200,
    );
    const accepted = await unit.as({ method: 'POST', url: `${path}/${id}/units/${unit.unitId}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'approved', units: [{ status: 'accepted' }] });

    const view = await t.request('ssd:coordinator', { method: 'GET', url: `${path}/${id}/units` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      shortfall: [
        {
          rule: 'armedEscortVehicles',
          clause: 'protection[level=5].armedEscortVehicles',
          agreementVersion: 1,
          required: 2,
          assigned: 1,
        },
      ],
    });
    // Each candidate carries its duty status, so the screen can say a unit is off duty.
    const candidate = view
      .json<{ candidates: { unitId: string; status: string; bookings: unknown[] }[] }>()
      .candidates.find((c) => c.unitId === unit.unitId);
    expect(candidate).toMatchObject({ status: 'available', bookings: [] });
    const history = await t.request('cso:coordinator', { method: 'GET', url: `${path}/${id}/history` });
    const last = history.json<{ items: { details: Record<string, unknown> }[] }>().items.at(-1)!;
    expect(last.details).toMatchObject({
      shortfall: [{ clause: 'protection[level=5].armedEscortVehicles' }],
    });
  });

  it('sends a ready movement back to approved when its commander declines, freeing the unit', async () => {
    const id = await approvedMovement();
    const unit = await escortUnit();
    await post('ssd:coordinator', `${path}/${id}/units`, { unitId: unit.unitId });
    await unit.as({ method: 'POST', url: `${path}/${id}/units/${unit.unitId}/accept` });
    expect(await stateOf(id)).toBe('ready');

    expectError(
      await unit.as({ method: 'POST', url: `${path}/${id}/units/${unit.unitId}/decline`, payload: {} }),
      400,
      'validation_failed',
      'body.reason',
    );
    const declined = await unit.as({
      method: 'POST',
      url: `${path}/${id}/units/${unit.unitId}/decline`,
      payload: { reason: 'Called to an incident at Dasu' },
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ state: 'approved', units: [] });
    await expectAudited(t, 'movement.escort_declined', id, { by: unit.commander, party: 'cso' });
    const booking = await t.db
      .selectFrom('movement_units')
      .selectAll()
      .where('movement_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(booking).toMatchObject({
      status: 'declined',
      active: 0,
      decline_reason: 'Called to an incident at Dasu',
    });
    // The unit is free again: it can be assigned once more, and withdrawn by its party.
    expect((await post('ssd:coordinator', `${path}/${id}/units`, { unitId: unit.unitId })).statusCode).toBe(
      200,
    );
    const withdrawn = await t.request('ssd:coordinator', {
      method: 'DELETE',
      url: `${path}/${id}/units/${unit.unitId}`,
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await expectAudited(t, 'movement.escort_withdrawn', id, {
      by: t.users['ssd:coordinator']!.id,
      party: 'cso',
    });
  });

  it("refuses another party's unit, a unit the agreement does not allow, and an unknown unit", async () => {
    const id = await approvedMovement();
    const unit = await escortUnit();
    // Only the unit's own party assigns it.
    expectError(
      await post('cso:coordinator', `${path}/${id}/units`, { unitId: unit.unitId }),
      403,
      'forbidden',
    );
    // The partner's close protection is not allowed at level 5 (unitKinds.close_protection.zones).
    await assessAt(t, id, 5);
    const partnerUnit = await create(
      t,
      'cso:coordinator',
      '/api/v1/units',
      unitPayload({ kind: 'close_protection' }),
    );
    const refused = await post('cso:coordinator', `${path}/${id}/units`, { unitId: partnerUnit });
    expectError(refused, 403, 'agreement_refuses', 'body.unitId');
    expect(refused.json()).toMatchObject({
      error: { details: { clause: 'unitKinds.close_protection.zones[minRiskLevel=5]' } },
    });
    expectError(
      await post('ssd:coordinator', `${path}/${id}/units`, { unitId: 'nope' }),
      404,
      'unit_not_found',
    );
    expectError(
      await post('ssd:coordinator', `${path}/${id}/units`, {}),
      400,
      'validation_failed',
      'body.unitId',
    );
    expect(await t.db.selectFrom('movement_units').selectAll().execute()).toEqual([]);
  });
});

describe('a commander', () => {
  it("sees their unit's tasks and the movement, and cannot answer for another unit", async () => {
    const id = await approvedMovement();
    const mine = await escortUnit(t, 'ESCORT-7');
    const other = await escortUnit(t, 'ESCORT-8');
    await post('ssd:coordinator', `${path}/${id}/units`, { unitId: mine.unitId });
    await post('ssd:coordinator', `${path}/${id}/units`, { unitId: other.unitId });

    const tasks = await mine.as({ method: 'GET', url: `${path}/tasks` });
    expect(tasks.statusCode, tasks.body).toBe(200);
    expect(tasks.json()).toMatchObject({
      items: [
        {
          unitId: mine.unitId,
          status: 'assigned',
          startsAt: '2026-12-01T04:00:00.000Z',
          endsAt: '2026-12-01T05:00:00.000Z',
          movement: { id, state: 'approved', route: { type: 'LineString' } },
        },
      ],
      next: null,
    });
    expect((await mine.as({ method: 'GET', url: `${path}/${id}` })).statusCode).toBe(200);
    // A commander linked to no unit has no tasks, and cannot answer for one.
    expect((await t.request('ssd:commander', { method: 'GET', url: `${path}/tasks` })).json()).toEqual({
      items: [],
      next: null,
    });
    expectError(
      await mine.as({ method: 'POST', url: `${path}/${id}/units/${other.unitId}/accept` }),
      403,
      'forbidden',
    );
    expectError(
      await t.request('ssd:commander', { method: 'POST', url: `${path}/${id}/units/${mine.unitId}/accept` }),
      403,
      'forbidden',
    );
    // Coordinators do not answer for commanders (the route's role).
    expectError(await post('ssd:coordinator', `${path}/${id}/units/${mine.unitId}/accept`), 403, 'forbidden');
    expect(
      await t.db.selectFrom('movement_units').select('status').where('movement_id', '=', id).execute(),
    ).toEqual([{ status: 'assigned' }, { status: 'assigned' }]);
  });
});

describe('departure with the escort', () => {
  it('is refused without the accepted escort and allowed with it, inside the allowed hours', async () => {
    t.clock.advance(Date.parse('2026-12-01T04:00:00.000Z') - t.clock.now().getTime()); // 09:00 in Karachi
    const id = await approvedMovement();
    // Ready without an escort, straight in the database: departure still counts none.
    await setMovementState(t, id, 'ready');
    const refused = await post('ssd:coordinator', `${path}/${id}/depart`);
    expectError(refused, 403, 'agreement_refuses');
    expect(refused.json()).toMatchObject({
      error: { details: { clause: 'protection[level=4].armedEscortVehicles' } },
    });

    await setMovementState(t, id, 'approved');
    const unit = await escortUnit();
    await post('ssd:coordinator', `${path}/${id}/units`, { unitId: unit.unitId });
    await unit.as({ method: 'POST', url: `${path}/${id}/units/${unit.unitId}/accept` });
    expect(await stateOf(id)).toBe('ready');
    const departed = await unit.as({ method: 'POST', url: `${path}/${id}/depart` });
    expect(departed.statusCode, departed.body).toBe(200);
    expect(departed.json()).toMatchObject({ state: 'underway' });
    // Arrival ends the booking: the unit is free for the same window again.
    expect((await unit.as({ method: 'POST', url: `${path}/${id}/arrive` })).statusCode).toBe(200);
    const booking = await t.db
      .selectFrom('movement_units')
      .selectAll()
      .where('movement_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(booking).toMatchObject({ status: 'accepted', active: 0 });
  });
});

describe('booking one unit from 50 requests at once', () => {
  it('lets exactly one win; the other 49 answer 409 unit_booked', async () => {
    const template = await approvedMovement();
    const { assessment } = await t.db
      .selectFrom('movements')
      .select('assessment')
      .where('id', '=', template)
      .executeTakeFirstOrThrow();
    const unit = await escortUnit();
    const hour = 3_600_000;
    const start = Date.parse('2026-12-01T08:00:00.000Z');
    // Fifty approved movements whose windows all share 09:00–10:00, each shifted a minute.
    const ids = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const row = await insertMovementRow(t.db, {
          requested_by: t.users['cso:coordinator']!.id,
          state: 'approved',
          risk_level: 4,
          assessment,
          planned_departure: new Date(start + (i * hour) / 60).toISOString(),
          planned_arrival: new Date(start + 2 * hour + (i * hour) / 60).toISOString(),
        });
        return row.id;
      }),
    );
    const responses = await Promise.all(
      ids.map((id) => post('ssd:coordinator', `${path}/${id}/units`, { unitId: unit.unitId })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const refused = responses.filter((r) => r.statusCode !== 200);
    expect(refused).toHaveLength(49);
    for (const res of refused) expectError(res, 409, 'unit_booked');
    const active = await t.db
      .selectFrom('movement_units')
      .selectAll()
      .where('unit_id', '=', unit.unitId)
      .where('active', '=', 1)
      .execute();
    expect(active).toHaveLength(1);
  });
});

describe('under an agreement that shares no partner movement with the host', () => {
  // The partner's movements reach the host only where a movement involves it: its fields shared
  // while the `movement` condition holds, and its route exactly to commanders.
  const block =
    /\n {4}movement:\n {6}# The host escorts[\s\S]*?(?=\n\n {2}# What the partner's security office sees)/;
  const fields = ['purpose', 'state', 'route', 'plannedDeparture', 'plannedArrival', 'units'];
  const agreement = exampleAgreement.replace(
    block,
    `\n    movement:\n      records: none\n      fields: { ${fields.map((f) => `${f}: { when: [movement] }`).join(', ')} }\n      location:\n        byRole: { commander: exact }`,
  );
  const s = useTestApp({ each: true, setup: (test) => putAgreementInForce(test, agreement) });

  it('is a real variant of the example', () => {
    expect(agreement).not.toBe(exampleAgreement);
    expect(agreement).toContain('      records: none\n      fields: { purpose: { when: [movement] }');
  });

  it("shows the escort's commander the movement their unit is assigned to, and no one else of the host", async () => {
    const person = await createPerson(s, 'cso');
    const created = await s.request('cso:coordinator', {
      method: 'POST',
      url: path,
      payload: movementPayload([person]),
    });
    const id = created.json<{ id: string }>().id;
    expect(
      (await s.request('cso:coordinator', { method: 'POST', url: `${path}/${id}/submit` })).statusCode,
    ).toBe(200);
    await setMovementState(s, id, 'approved', ['partner']);
    const unit = await escortUnit(s);
    const get = (as: (o: Parameters<typeof withBearer>[2]) => ReturnType<typeof withBearer>) =>
      as({ method: 'GET', url: `${path}/${id}` });
    // Before the assignment the movement involves no one of the host.
    expectError(await get(unit.as), 404, 'movement_not_found');

    await s.services.escorts.assign(system, id, unit.unitId, { assignedBy: s.users['ssd:coordinator']!.id });
    const seen = await get(unit.as);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({
      state: 'approved',
      route: { type: 'LineString' },
      plannedDeparture: '2026-12-01T04:00:00Z',
      units: [{ unitId: unit.unitId, status: 'assigned', callSign: 'ESCORT-7' }],
    });
    expect(seen.json<{ withheld: string[] }>().withheld).toEqual(
      expect.arrayContaining(['passengers', 'debrief']),
    );
    const list = await unit.as({ method: 'GET', url: path });
    expect(list.json<{ items: { id: string }[] }>().items.map((m) => m.id)).toEqual([id]);
    // The commander's task list carries it; the host's other users still do not see it.
    const tasks = await unit.as({ method: 'GET', url: `${path}/tasks` });
    expect(tasks.json()).toMatchObject({ items: [{ movement: { id, route: { type: 'LineString' } } }] });
    for (const who of ['ssd:commander', 'ssd:observer', 'ssd:coordinator']) {
      expectError(await s.request(who, { method: 'GET', url: `${path}/${id}` }), 404, 'movement_not_found');
      expect((await s.request(who, { method: 'GET', url: path })).json()).toMatchObject({ items: [] });
    }
  });
});

describe("the escort's bookings follow the movement", () => {
  it('move with its planned times, refused with unit_booked where the unit is held then, and end when it is cancelled', async () => {
    const first = await approvedMovement();
    const second = await approvedMovement();
    const unit = await escortUnit();
    expect(
      (await post('ssd:coordinator', `${path}/${first}/units`, { unitId: unit.unitId })).statusCode,
    ).toBe(200);
    // The second movement, a day later, takes the unit too.
    const later = { plannedDeparture: '2026-12-02T04:00:00Z', plannedArrival: '2026-12-02T05:00:00Z' };
    const patch = (id: string, body: Record<string, unknown>) =>
      t.request('cso:coordinator', { method: 'PATCH', url: `${path}/${id}`, payload: body });
    const moved = await patch(second, { ...later, checkpoints: [] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(
      (await post('ssd:coordinator', `${path}/${second}/units`, { unitId: unit.unitId })).statusCode,
    ).toBe(200);
    const window = async (id: string) =>
      t.db
        .selectFrom('movement_units')
        .select(['starts_ms', 'ends_ms'])
        .where('movement_id', '=', id)
        .executeTakeFirstOrThrow();
    expect(Number((await window(second)).starts_ms)).toBe(Date.parse('2026-12-02T04:00:00Z'));

    // Moving the first onto the second's day is refused: the unit is held then.
    const clash = await patch(first, { ...later, checkpoints: [] });
    expectError(clash, 409, 'unit_booked');
    expect(Number((await window(first)).starts_ms)).toBe(Date.parse('2026-12-01T04:00:00Z'));

    const cancelled = await post('cso:coordinator', `${path}/${first}/cancel`, { reason: 'Visit postponed' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const ended = await t.db
      .selectFrom('movement_units')
      .selectAll()
      .where('movement_id', '=', first)
      .executeTakeFirstOrThrow();
    expect(ended).toMatchObject({ status: 'assigned', active: 0 });
    // Now the first's old window is free, and the second may move onto it.
    const back = await patch(second, {
      plannedDeparture: '2026-12-01T04:00:00Z',
      plannedArrival: '2026-12-01T05:00:00Z',
    });
    expect(back.statusCode, back.body).toBe(200);
  });
});
