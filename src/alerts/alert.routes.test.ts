import { describe, expect, it } from 'vitest';
import { coarsen } from '../agreement/location.js';
import { accountInput } from '../incidents/incident.js';
import { actorOf, putAgreementInForce } from '../../test/helpers/agreement.js';
import { auditEntries } from '../../test/helpers/app.js';
import { createDevice, createPerson, expectError } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

const t = useTestApp({ each: true, setup: (app) => putAgreementInForce(app) });

const islamabad = { lat: 33.7123, lon: 73.0611 };

/** An OsmAnd report (Traccar Client), `alarm=sos` when `sos`; its time is `at`. */
async function osmand(token: string, at: Date, sos: boolean, point = islamabad) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/ingest/osmand?id=${encodeURIComponent(token)}&lat=${point.lat}&lon=${point.lon}&timestamp=${Math.floor(at.getTime() / 1000)}${sos ? '&alarm=sos' : ''}`,
  });
  expect(res.statusCode).toBe(200);
  await t.services.alertTriggers.idle();
}

type Shown = {
  id: string;
  rule: string;
  state: string;
  subject: { type: string; id: string };
  location: { precision: string; lat: number; lon: number } | null;
  actions: string[];
  affected: { type: string; id: string }[];
  affectedWithheld: number;
};

async function list(who: string, query = '') {
  const res = await t.request(who, { method: 'GET', url: `/api/v1/alerts${query}` });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: Shown[]; next: string | null }>().items;
}

async function live(who: string) {
  const res = await t.request(who, { method: 'GET', url: '/api/v1/live' });
  return res.json<{ items: { location: { precision: string }; sos: boolean }[] }>().items;
}

describe('an SOS from a device', () => {
  it('raises one alert, shown exactly to the other party while open, and as an area after it is resolved', async () => {
    const device = await createDevice(t, 'cso');
    const fixAt = new Date(t.clock.now().getTime() - 30_000);
    await osmand(device.token, fixAt, true);
    const [alert] = await list('cso:coordinator');
    expect(alert).toMatchObject({
      rule: 'sos',
      state: 'open',
      subject: { type: 'person', id: device.subjectId },
      location: { precision: 'exact', ...islamabad },
      actions: ['acknowledge', 'resolve'],
    });
    // The host's coordinator sees the partner's person exactly while the SOS is open.
    expect(await list('ssd:coordinator')).toMatchObject([
      { id: alert!.id, location: { precision: 'exact' } },
    ]);
    expect(await live('ssd:coordinator')).toMatchObject([{ location: { precision: 'exact' }, sos: true }]);
    // The same alarm resent, and another a second later, open no second alert.
    await osmand(device.token, fixAt, true);
    await osmand(device.token, new Date(fixAt.getTime() + 1000), true);
    expect(await list('cso:coordinator')).toHaveLength(1);

    const ack = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/alerts/${alert!.id}/acknowledge`,
      payload: { note: 'Quick reaction force sent' },
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({
      state: 'acknowledged',
      actions: ['resolve'],
      acknowledgeNote: 'Quick reaction force sent',
    });
    t.clock.advance(60_000);
    const resolved = await t.request('cso:coordinator', {
      method: 'POST',
      url: `/api/v1/alerts/${alert!.id}/resolve`,
      payload: { note: 'Found safe, false alarm' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      state: 'resolved',
      resolvedBy: t.users['cso:coordinator']!.id,
      acknowledgedBy: t.users['ssd:coordinator']!.id,
      actions: [],
    });
    const [acked] = await auditEntries(t.db, 'alert.acknowledged');
    expect(acked).toMatchObject({
      actor_id: t.users['ssd:coordinator']!.id,
      entity_id: alert!.id,
      party_id: 'cso',
    });
    expect(await auditEntries(t.db, 'alert.resolved')).toMatchObject([
      { actor_id: t.users['cso:coordinator']!.id, entity_id: alert!.id },
    ]);
    expect(await auditEntries(t.db, 'alert.raised')).toHaveLength(1);

    // Resolved: the host sees an area again, on the live picture and on the alert.
    expect(await live('ssd:coordinator')).toMatchObject([{ location: coarsen(islamabad), sos: false }]);
    expect(await list('ssd:coordinator')).toMatchObject([
      { location: coarsen(islamabad), state: 'resolved' },
    ]);
    // A late alarm (taken before the resolution, arriving after) raises nothing again.
    await osmand(device.token, new Date(fixAt.getTime() + 2000), true);
    expect(await list('cso:coordinator', '?state=open&state=acknowledged')).toEqual([]);
    // A new alarm after the resolution does.
    t.clock.advance(60_000);
    await osmand(device.token, t.clock.now(), true);
    expect(await list('cso:coordinator', '?state=open')).toHaveLength(1);
  });

  it('opens one alert when two instances race to raise it', async () => {
    const person = await createPerson(t, 'cso');
    const trigger = {
      rule: 'sos' as const,
      subject: { type: 'person' as const, id: person },
      partyId: 'cso',
      location: islamabad,
    };
    const at = t.clock.now().getTime();
    const raised = await Promise.all(
      Array.from({ length: 6 }, (_, i) => t.services.alerts.raise({ ...trigger, eventAt: new Date(at + i) })),
    );
    expect(raised.filter((a) => a !== null)).toHaveLength(1);
    expect(await t.db.selectFrom('alerts').select('id').execute()).toHaveLength(1);
  });
});

describe('an SOS from the API', () => {
  it('a person raises their own; staff raise one for a person they see; others are refused', async () => {
    const person = await createPerson(t, 'cso');
    await t.db
      .updateTable('users')
      .set({ person_id: person })
      .where('id', '=', t.users['cso:person']!.id)
      .execute();
    const res = await t.request('cso:person', {
      method: 'POST',
      url: '/api/v1/alerts/sos',
      payload: islamabad,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ raised: true, alert: { rule: 'sos', subject: { id: person } } });
    const again = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/alerts/sos',
      payload: { personId: person },
    });
    expect(again.json()).toMatchObject({
      raised: false,
      alert: { id: res.json<{ alert: { id: string } }>().alert.id },
    });
    const other = await createPerson(t, 'cso');
    expectError(
      await t.request('cso:person', {
        method: 'POST',
        url: '/api/v1/alerts/sos',
        payload: { personId: other },
      }),
      403,
      'forbidden',
    );
    expectError(
      await t.request('ssd:coordinator', { method: 'POST', url: '/api/v1/alerts/sos', payload: { lat: 30 } }),
      400,
      'validation_failed',
      'body.lat',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/alerts/sos', payload: {} }),
      401,
      'unauthenticated',
    );
  });
});

describe('handling an alert', () => {
  it('needs a note, a handling role, and an alert the caller may see', async () => {
    const device = await createDevice(t, 'cso');
    await osmand(device.token, t.clock.now(), true);
    const [alert] = await list('cso:coordinator');
    const url = `/api/v1/alerts/${alert!.id}/acknowledge`;
    expectError(
      await t.request('cso:coordinator', { method: 'POST', url, payload: {} }),
      400,
      'validation_failed',
      'body.note',
    );
    expectError(
      await t.request('cso:observer', { method: 'POST', url, payload: { note: 'seen it' } }),
      403,
      'forbidden',
    );
    // The host's admin sees partner persons' records but no location of them: nor of their alert.
    const seen = await t.request('ssd:admin', { method: 'GET', url: `/api/v1/alerts/${alert!.id}` });
    expect(seen.json()).toMatchObject({ id: alert!.id, location: null, details: {} });
    expectError(
      await t.request('ssd:admin', {
        method: 'POST',
        url: '/api/v1/alerts/no-such-alert/resolve',
        payload: { note: 'seen it' },
      }),
      404,
      'alert_not_found',
    );
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/alerts' }), 401, 'unauthenticated');
    expectError(await t.request('cso:person', { method: 'GET', url: '/api/v1/alerts' }), 403, 'forbidden');
    const resolve = `/api/v1/alerts/${alert!.id}/resolve`;
    expect(
      (await t.request('cso:commander', { method: 'POST', url: resolve, payload: { note: 'all well' } }))
        .statusCode,
    ).toBe(200);
    expectError(
      await t.request('cso:commander', { method: 'POST', url, payload: { note: 'late' } }),
      409,
      'invalid_transition',
    );
  });
});

describe('an incident near people, sites and movements', () => {
  it('raises one alert naming who is near, each party shown what it may see exactly', async () => {
    const near = await createDevice(t, 'cso');
    const far = await createDevice(t, 'cso');
    await osmand(near.token, t.clock.now(), false, { lat: 33.72, lon: 73.07 });
    await osmand(far.token, t.clock.now(), false, { lat: 34.5, lon: 73.5 });
    const incident = await t.services.incidents.create(
      actorOf(t, 'ssd:analyst'),
      accountInput.parse({
        date: t.clock.now().toISOString().slice(0, 10),
        type: 'armed_assault',
        lat: islamabad.lat,
        lon: islamabad.lon,
        killed: { best: 2 },
      }),
    );
    await t.services.alertTriggers.idle();
    const [alert] = await list('cso:coordinator', '?rule=incident_near');
    expect(alert).toMatchObject({
      subject: { type: 'incident', id: incident.id },
      location: { precision: 'exact', ...islamabad },
      affected: [{ type: 'person', id: near.subjectId }],
      affectedWithheld: 0,
    });
    // The host's coordinator sees the partner's person only as an area: not named, counted.
    expect(await list('ssd:coordinator', '?rule=incident_near')).toMatchObject([
      { id: alert!.id, affected: [], affectedWithheld: 1 },
    ]);
    // The same incident recorded again raises nothing more.
    await t.services.incidents.fileAccount(
      actorOf(t, 'cso:analyst'),
      incident.id,
      accountInput.parse({
        date: t.clock.now().toISOString().slice(0, 10),
        type: 'armed_assault',
        lat: islamabad.lat,
        lon: islamabad.lon,
        killed: { best: 3 },
      }),
    );
    await t.services.alertTriggers.idle();
    expect(await list('cso:coordinator', '?rule=incident_near')).toHaveLength(1);
  });
});
