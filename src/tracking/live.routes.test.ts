import { describe, expect, it } from 'vitest';
import { coarsen } from '../agreement/location.js';
import { actorOf, putAgreementInForce } from '../../test/helpers/agreement.js';
import { movementPayload } from '../../test/helpers/movement.js';
import { secondInstance } from '../../test/helpers/second-instance.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { createDevice, createPerson, expectError } from '../../test/helpers/routes.js';

const t = useTestApp({ each: true, setup: (app) => putAgreementInForce(app) });

const islamabad = { lat: 33.7123, lon: 73.0611 };
const basic = (token: string) => `Basic ${Buffer.from(`phone:${token}`).toString('base64')}`;

async function report(token: string, at: Date, point = islamabad, extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/ingest/owntracks',
    headers: { authorization: basic(token), 'content-type': 'application/json' },
    payload: { _type: 'location', ...point, tst: Math.floor(at.getTime() / 1000), acc: 8, vel: 40, ...extra },
  });
  expect(res.statusCode).toBe(200);
}

type Item = {
  subject: { type: string; id: string };
  location: { precision: string; lat: number; lon: number };
  status: string;
  speedKmh: number | null;
  movementId: string | null;
  sos: boolean;
};
const items = async (who: string) => {
  const res = await t.request(who, { method: 'GET', url: '/api/v1/live' });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: Item[] }>().items;
};

describe('the live picture', () => {
  it('shows the latest fix to its own party exactly, and to the other party as the agreement says', async () => {
    const device = await createDevice(t, 'cso');
    const now = t.clock.now();
    await report(device.token, new Date(now.getTime() - 60_000));
    // A late, older fix does not move the subject back.
    await report(device.token, new Date(now.getTime() - 600_000), { lat: 30, lon: 70 });
    const own = await items('cso:coordinator');
    expect(own).toMatchObject([
      {
        subject: { type: 'person', id: device.subjectId },
        location: { precision: 'exact', ...islamabad },
        status: 'live',
        speedKmh: 40,
      },
    ]);
    // The host's coordinator sees the partner's person as an area cell, and nothing that narrows it.
    const host = await items('ssd:coordinator');
    expect(host).toEqual([
      expect.objectContaining({
        location: coarsen(islamabad),
        speedKmh: null,
        accuracyM: null,
        movementId: null,
      }),
    ]);
    // The host's admin and observer are given no location of partner persons: nothing at all.
    expect(await items('ssd:admin')).toEqual([]);
    expect(await items('ssd:observer')).toEqual([]);
  });

  it('shows an SOS exactly to the other party, as exactWhen says', async () => {
    const device = await createDevice(t, 'cso');
    await t.app.inject({
      method: 'GET',
      url: `/ingest/osmand?id=${encodeURIComponent(device.token)}&lat=${islamabad.lat}&lon=${islamabad.lon}&alarm=sos`,
    });
    expect(await items('ssd:coordinator')).toMatchObject([
      { location: { precision: 'exact', ...islamabad }, sos: true },
    ]);
  });

  it('marks a subject stale past its device’s interval, and silent if it is on a movement under way', async () => {
    const device = await createDevice(t, 'cso');
    await report(device.token, t.clock.now());
    t.clock.advance(301_000);
    expect((await items('cso:coordinator'))[0]!.status).toBe('stale');
    const created = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/movements',
      payload: movementPayload([device.subjectId]),
    });
    expect(created.statusCode).toBe(201);
    const movementId = created.json<{ id: string }>().id;
    // Under way as the movement capability leaves it; its change event ties the crew.
    await t.db
      .updateTable('movements')
      .set({ state: 'underway', departed_at: t.clock.now().toISOString() })
      .where('id', '=', movementId)
      .execute();
    await t.services.live.apply({
      name: 'movement.changed',
      payload: { movementId, partyId: 'cso', action: 'depart', from: 'ready', to: 'underway', version: 2 },
    });
    expect(await items('cso:coordinator')).toMatchObject([{ status: 'silent', movementId }]);
    // On the movement, the host's coordinator sees it exactly.
    expect(await items('ssd:coordinator')).toMatchObject([{ location: { precision: 'exact' }, movementId }]);
    await t.services.live.apply({
      name: 'movement.changed',
      payload: { movementId, partyId: 'cso', action: 'arrive', from: 'underway', to: 'arrived', version: 3 },
    });
    expect(await items('cso:coordinator')).toMatchObject([{ status: 'stale', movementId: null }]);
  });

  it('is rebuilt from the database when another instance starts', async () => {
    const device = await createDevice(t, 'cso');
    await report(device.token, t.clock.now());
    const second = await secondInstance(t);
    const other = second.app;
    try {
      await other.ready();
      expect(
        other.services.live.snapshot(await other.services.live.viewing(actorOf(t, 'cso:coordinator'))),
      ).toMatchObject([
        { subject: { id: device.subjectId }, location: { precision: 'exact', ...islamabad } },
      ]);
    } finally {
      await second.close();
    }
  });

  it('refuses the anonymous (401) and a protected person (403)', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/live' }), 401, 'unauthenticated');
    expectError(await t.request('cso:person', { method: 'GET', url: '/api/v1/live' }), 403, 'forbidden');
  });
});

describe("a protected person's own position", () => {
  const mine = async () => {
    const res = await t.request('cso:person', { method: 'GET', url: '/api/v1/me/position' });
    expect(res.statusCode).toBe(200);
    return res.json<{ fix: Record<string, unknown> | null; sos: boolean }>();
  };

  it('is their own device’s last fix, exactly, with their SOS; never anyone else’s', async () => {
    const device = await createDevice(t, 'cso');
    const other = await createDevice(t, 'cso');
    await report(other.token, t.clock.now(), { lat: 34.5, lon: 73.5 });
    // Not yet linked to a person: nothing of anyone's.
    expect(await mine()).toEqual({ fix: null, sos: false });
    await t.db
      .updateTable('users')
      .set({ person_id: device.subjectId })
      .where('id', '=', t.users['cso:person']!.id)
      .execute();
    // Linked, but their own device has not reported: still nothing, not the other person's fix.
    expect(await mine()).toEqual({ fix: null, sos: false });
    const at = new Date(t.clock.now().getTime() - 30_000);
    await report(device.token, at);
    expect(await mine()).toEqual({
      sos: false,
      fix: {
        ...islamabad,
        fixAt: at.toISOString(),
        status: 'live',
        intervalSeconds: expect.any(Number),
        accuracyM: 8,
        batteryPct: null,
      },
    });
    const raised = await t.request('cso:person', { method: 'POST', url: '/api/v1/alerts/sos', payload: {} });
    expect(raised.statusCode).toBe(200);
    expect(await mine()).toMatchObject({ sos: true, fix: { ...islamabad } });
  });

  it('refuses the anonymous (401) and staff (403), who read the live picture instead', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/me/position' }), 401, 'unauthenticated');
    expectError(
      await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/me/position' }),
      403,
      'forbidden',
    );
  });
});

describe('who is near a point', () => {
  it('lists by distance, an area subject by its area’s centre', async () => {
    const near = await createDevice(t, 'cso');
    const far = await createDevice(t, 'cso');
    await report(near.token, t.clock.now());
    await report(far.token, t.clock.now(), { lat: 34.5, lon: 73.5 });
    const ask = (who: string, radiusKm: number, point = islamabad) =>
      t.request(who, {
        method: 'GET',
        url: `/api/v1/live/near?lat=${point.lat}&lon=${point.lon}&radiusKm=${radiusKm}`,
      });
    const own = (await ask('cso:coordinator', 5)).json<{ items: (Item & { distanceM: number })[] }>().items;
    expect(own.map((i) => [i.subject.id, i.distanceM])).toEqual([[near.subjectId, 0]]);
    // The host sees the cell: 2 km around the person's true position (4 km from the cell's centre)
    // finds no one, and 1 km around the centre finds it.
    const cell = coarsen(islamabad);
    expect((await ask('ssd:coordinator', 2)).json<{ items: Item[] }>().items).toEqual([]);
    const atCentre = (await ask('ssd:coordinator', 1, cell)).json<{
      items: (Item & { distanceM: number })[];
    }>().items;
    expect(atCentre.map((i) => [i.subject.id, i.distanceM])).toEqual([[near.subjectId, 0]]);
    expectError(await ask('cso:coordinator', 0), 400, 'validation_failed', 'querystring.radiusKm');
  });
});

describe('a subject’s track', () => {
  it('gives its own party the window, and the other party the last day at its precision', async () => {
    const device = await createDevice(t, 'cso');
    const now = t.clock.now().getTime();
    for (const minutesAgo of [3 * 24 * 60, 50, 20, 5]) {
      await report(device.token, new Date(now - minutesAgo * 60_000), {
        lat: islamabad.lat + minutesAgo / 1000,
        lon: islamabad.lon,
      });
    }
    const url = (from: string) => `/api/v1/tracks/person/${device.subjectId}?from=${from}`;
    const fourDays = new Date(now - 4 * 86_400_000).toISOString();
    const own = await t.request('cso:coordinator', { method: 'GET', url: url(fourDays) });
    expect(
      own.json<{ points: { location: { precision: string } }[] }>().points.map((p) => p.location.precision),
    ).toEqual(['exact', 'exact', 'exact', 'exact']);
    const other = await t.request('ssd:coordinator', { method: 'GET', url: url(fourDays) });
    const shown = other.json<{ from: string; points: { location: { precision: string } }[] }>();
    expect(shown.points).toHaveLength(3);
    expect(shown.points.every((p) => p.location.precision === 'area')).toBe(true);
    expect(shown.from).toBe(new Date(now - 86_400_000).toISOString());
    expectError(await t.request('ssd:admin', { method: 'GET', url: url(fourDays) }), 404, 'person_not_found');
    expectError(
      await t.request('cso:coordinator', {
        method: 'GET',
        url: `/api/v1/tracks/person/${await createPerson(t, 'cso')}`,
      }),
      404,
      'person_not_found',
    );
    expectError(
      await t.request('cso:coordinator', { method: 'GET', url: `${url(fourDays)}&to=${fourDays}` }),
      400,
      'validation_failed',
      'querystring.from',
    );
  });
});
