import { describe, expect, it } from 'vitest';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { movementPayload } from '../../test/helpers/movement.js';
import { insertUnitRow } from '../../test/helpers/movement-rows.js';
import { createDevice } from '../../test/helpers/routes.js';
import type { AlertRule } from './alert.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

const t = useTestApp({ each: true, setup: (app) => putAgreementInForce(app) });

/** On the movement's route line (Islamabad to Rawalpindi, see movementPayload), and 5 km east of it. */
const onRoute = { lat: 33.68, lon: 73.06 };
const offRoute = { lat: 33.68, lon: 73.115 };

async function osmand(token: string, at: Date, point: { lat: number; lon: number }) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/ingest/osmand?id=${encodeURIComponent(token)}&lat=${point.lat}&lon=${point.lon}&timestamp=${Math.floor(at.getTime() / 1000)}`,
  });
  expect(res.statusCode).toBe(200);
  await t.services.alertTriggers.idle();
}

/** A partner movement with the person as passenger, put under way as its own use cases would leave it. */
async function underway(personId: string, unitId?: string) {
  const created = await t.request('cso:coordinator', {
    method: 'POST',
    url: '/api/v1/movements',
    payload: movementPayload([personId]),
  });
  expect(created.statusCode).toBe(201);
  const movementId = created.json<{ id: string }>().id;
  await t.db
    .updateTable('movements')
    .set({ state: 'underway', departed_at: t.clock.now().toISOString() })
    .where('id', '=', movementId)
    .execute();
  if (unitId)
    await t.db
      .insertInto('movement_units')
      .values({
        id: `${movementId}-escort`,
        movement_id: movementId,
        unit_id: unitId,
        unit_party_id: 'ssd',
        status: 'accepted',
        assigned_by: t.users['ssd:coordinator']!.id,
        assigned_at: t.clock.now().toISOString(),
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
  await changed(movementId, 'depart', 'ready', 'underway');
  return movementId;
}

async function changed(
  movementId: string,
  action: string,
  from: 'ready' | 'underway',
  to: 'underway' | 'arrived',
) {
  t.services.events.publish('movement.changed', { movementId, partyId: 'cso', action, from, to, version: 2 });
  await t.services.alertTriggers.idle();
  // The live picture reads the crew on its own listener.
  await t.services.live.apply({
    name: 'movement.changed',
    payload: { movementId, partyId: 'cso', action, from, to, version: 2 },
  });
}

async function alerts(rule: AlertRule) {
  return t.db.selectFrom('alerts').selectAll().where('rule', '=', rule).orderBy('raised_at').execute();
}

const minutes = (n: number) => n * 60_000;

/** Moves the manual clock forward to `at`. */
function setClock(at: string) {
  t.clock.advance(Date.parse(at) - t.clock.now().getTime());
}

describe('a movement off its corridor', () => {
  it('raises after T off the route, not for a late fix, and resolves itself back on it', async () => {
    const device = await createDevice(t, 'cso');
    const movementId = await underway(device.subjectId);
    const t0 = t.clock.now();
    await osmand(device.token, t0, onRoute);
    await osmand(device.token, new Date(t0.getTime() + 1000), offRoute);
    t.clock.advance(minutes(5));
    await t.services.scheduler.runDue();
    expect(await alerts('off_corridor')).toEqual([]);
    t.clock.advance(minutes(6));
    await t.services.scheduler.runDue();
    expect(await alerts('off_corridor')).toMatchObject([
      { subject_type: 'movement', subject_id: movementId, state: 'open', party_id: 'cso' },
    ]);
    // A late fix on the route, taken before the one that raised it, ends nothing.
    await osmand(device.token, t0, onRoute);
    expect(await alerts('off_corridor')).toMatchObject([{ state: 'open' }]);
    await osmand(device.token, t.clock.now(), onRoute);
    expect(await alerts('off_corridor')).toMatchObject([
      { state: 'resolved', resolved_by: 'system:server', resolve_note: 'back within the corridor' },
    ]);
  });
});

describe('a movement overdue', () => {
  it('raises when a checkpoint is not passed in time, and resolves when it is', async () => {
    const device = await createDevice(t, 'cso');
    const movementId = await underway(device.subjectId);
    // The checkpoint is planned for 04:30 on 1 December; overdue 30 minutes later.
    setClock('2026-12-01T04:59:00Z');
    await t.services.scheduler.runDue();
    expect(await alerts('overdue')).toEqual([]);
    setClock('2026-12-01T05:01:00Z');
    await t.services.scheduler.runDue();
    expect(await alerts('overdue')).toMatchObject([{ subject_id: movementId, state: 'open' }]);
    expect(JSON.parse((await alerts('overdue'))[0]!.details)).toMatchObject({
      at: 'checkpoint',
      name: 'Zero Point',
    });
    await changed(movementId, 'checkpoint', 'underway', 'underway');
    expect(await alerts('overdue')).toMatchObject([{ state: 'resolved', resolve_note: 'checkpoint passed' }]);
    // At arrival's time plus 30 minutes, still under way: overdue again, at arrival.
    setClock('2026-12-01T05:31:00Z');
    await t.services.scheduler.runDue();
    const [, arrival] = await alerts('overdue');
    expect(JSON.parse(arrival!.details)).toMatchObject({ at: 'arrival' });
    await changed(movementId, 'arrive', 'underway', 'arrived');
    expect((await alerts('overdue')).map((a) => a.state)).toEqual(['resolved', 'resolved']);
  });
});

describe('a device silent during a movement', () => {
  it('raises past its expected intervals, and resolves with its next fix', async () => {
    const device = await createDevice(t, 'cso');
    await underway(device.subjectId);
    await osmand(device.token, t.clock.now(), onRoute);
    t.clock.advance(minutes(14));
    await t.services.scheduler.runDue();
    expect(await alerts('device_silent')).toEqual([]);
    t.clock.advance(minutes(2));
    await t.services.scheduler.runDue();
    expect(await alerts('device_silent')).toMatchObject([{ subject_id: device.subjectId, state: 'open' }]);
    await osmand(device.token, t.clock.now(), onRoute);
    expect(await alerts('device_silent')).toMatchObject([
      { state: 'resolved', resolve_note: 'reporting again' },
    ]);
  });
});

describe('a protected person away from the escort', () => {
  it('raises beyond the separation and resolves when they are together again', async () => {
    const unit = await insertUnitRow(t.db, { party_id: 'ssd' });
    const person = await createDevice(t, 'cso');
    const escort = await createDevice(t, 'ssd', unit.id, 'unit');
    const movementId = await underway(person.subjectId, unit.id);
    await osmand(escort.token, t.clock.now(), onRoute);
    await osmand(person.token, t.clock.now(), onRoute);
    expect(await alerts('escort_separated')).toEqual([]);
    t.clock.advance(60_000);
    await osmand(person.token, t.clock.now(), { lat: 33.65, lon: 73.075 });
    expect(await alerts('escort_separated')).toMatchObject([{ subject_id: movementId, state: 'open' }]);
    t.clock.advance(60_000);
    await osmand(escort.token, t.clock.now(), { lat: 33.6505, lon: 73.075 });
    expect(await alerts('escort_separated')).toMatchObject([{ state: 'resolved' }]);
  });
});

describe('a movement stopped in a high-risk area', () => {
  it('raises after the stop time in a level 4 zone', async () => {
    // A manual zone of level 5 over the route.
    await t.services.risk.ready();
    const zone = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/risk/zones',
      payload: {
        level: 5,
        reason: 'Test zone',
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [73.0, 33.6],
              [73.2, 33.6],
              [73.2, 33.8],
              [73.0, 33.8],
              [73.0, 33.6],
            ],
          ],
        },
      },
    });
    expect(zone.statusCode, zone.body).toBe(201);
    const device = await createDevice(t, 'cso');
    const movementId = await underway(device.subjectId);
    await osmand(device.token, t.clock.now(), onRoute);
    t.clock.advance(minutes(16));
    await osmand(device.token, t.clock.now(), { lat: onRoute.lat + 0.0003, lon: onRoute.lon });
    await t.services.scheduler.runDue();
    expect(await alerts('stopped_in_red_zone')).toMatchObject([{ subject_id: movementId, state: 'open' }]);
    await osmand(device.token, new Date(t.clock.now().getTime() + 1000), { lat: 33.66, lon: 73.07 });
    expect(await alerts('stopped_in_red_zone')).toMatchObject([{ state: 'resolved' }]);
  });
});

describe('a person outside their site during curfew', () => {
  it('raises for a fix outside the perimeter in curfew hours only, and resolves inside', async () => {
    const site = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/sites',
      payload: {
        name: 'Camp',
        kind: 'camp',
        protectionLevel: 2,
        lat: 33.7,
        lon: 73.05,
        perimeter: {
          type: 'Polygon',
          coordinates: [
            [
              [73.04, 33.69],
              [73.06, 33.69],
              [73.06, 33.71],
              [73.04, 33.71],
              [73.04, 33.69],
            ],
          ],
        },
      },
    });
    expect(site.statusCode, site.body).toBe(201);
    const device = await createDevice(t, 'cso');
    await t.db
      .updateTable('persons')
      .set({ site_id: site.json<{ id: string }>().id })
      .where('id', '=', device.subjectId)
      .execute();
    // 08:00 UTC is 13:00 in Pakistan: no curfew.
    await osmand(device.token, t.clock.now(), { lat: 33.75, lon: 73.1 });
    expect(await alerts('outside_perimeter')).toEqual([]);
    // 16:00 UTC is 21:00 in Pakistan: curfew.
    setClock('2026-11-28T16:00:00Z');
    await osmand(device.token, t.clock.now(), { lat: 33.75, lon: 73.1 });
    expect(await alerts('outside_perimeter')).toMatchObject([
      { subject_id: device.subjectId, state: 'open' },
    ]);
    t.clock.advance(60_000);
    await osmand(device.token, t.clock.now(), { lat: 33.7, lon: 73.05 });
    expect(await alerts('outside_perimeter')).toMatchObject([
      { state: 'resolved', resolve_note: 'back inside the perimeter' },
    ]);
  });
});
