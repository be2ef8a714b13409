import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { createDevice, expectError } from '../../test/helpers/routes.js';
import type { TestApp } from '../../test/helpers/app.js';

const t = useTestApp({ each: true });

const basic = (token: string, user = 'anyone') =>
  `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;

function owntracks(token: string, payload: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/ingest/owntracks',
    headers: { authorization: basic(token), 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function stored(tt: TestApp, deviceId?: string) {
  let query = tt.db.selectFrom('positions').selectAll().orderBy('fix_at');
  if (deviceId) query = query.where('device_id', '=', deviceId);
  return query.execute();
}

const location = (tst: number, extra: Record<string, unknown> = {}) => ({
  _type: 'location',
  lat: 33.6844,
  lon: 73.0479,
  tst,
  acc: 12,
  vel: 36,
  cog: 90,
  batt: 77,
  ...extra,
});

describe('OwnTracks over HTTP', () => {
  it('stores a location sent with the device token as the Basic password and answers []', async () => {
    const device = await createDevice(t, 'cso');
    const res = await owntracks(device.token, location(1_765_000_000, { conn: 'm', tid: 'ab' }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
    const rows = await stored(t, device.id);
    expect(rows).toMatchObject([
      {
        subject_type: 'person',
        subject_id: device.subjectId,
        party_id: 'cso',
        lat: 33.6844,
        lon: 73.0479,
        fix_at: new Date(1_765_000_000_000).toISOString(),
        accuracy_m: 12,
        speed_kmh: 36,
        heading_deg: 90,
        battery_pct: 77,
        received_at: t.clock.now().toISOString(),
      },
    ]);
    expect(JSON.parse(rows[0]!.attributes)).toMatchObject({ conn: 'm' });
  });

  it('logs, times and counts reports per batch: no line of its own for a stored one, one for a refused one', async () => {
    const device = await createDevice(t, 'cso');
    const before = t.logs.length;
    const [first, second] = await Promise.all([
      owntracks(device.token, location(1_765_000_100)),
      owntracks(device.token, location(1_765_000_101)),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    // An app's answer: none of the browser's security headers.
    expect(first.headers['content-security-policy']).toBeUndefined();
    expect(first.headers['strict-transport-security']).toBeUndefined();
    const refused = await owntracks('jsd_not-a-token', location(1_765_000_102));
    expect(refused.statusCode).toBe(401);
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLines = lines.filter((line) => line.url === '/ingest/owntracks');
    expect(requestLines.map((line) => line.statusCode)).toEqual([401]);
    const batches = lines.filter((line) => line.msg === 'positions committed');
    expect(batches.reduce((n, line) => n + (line.stored as number), 0)).toBe(2);
    expect(batches.reduce((n, line) => n + (line.reports as number), 0)).toBe(2);
    const metrics = await t.app.metrics.metrics();
    expect(metrics).toMatch(
      /jsms_http_requests_total\{method="POST",route="\/ingest\/owntracks",status="200"\} 2/,
    );
    expect(metrics).toMatch(
      /jsms_http_requests_total\{method="POST",route="\/ingest\/owntracks",status="401"\} 1/,
    );
    expect(metrics).toMatch(/jsms_position_batch_items_total 2/);
    // Read twice, counted once.
    expect(await t.app.metrics.metrics()).toMatch(
      /jsms_http_requests_total\{method="POST",route="\/ingest\/owntracks",status="200"\} 2/,
    );
  });

  it('stores a resent fix once, and a late older fix beside the newer one', async () => {
    const device = await createDevice(t, 'cso');
    for (const tst of [1_765_000_600, 1_765_000_600, 1_765_000_000, 1_765_000_600]) {
      expect((await owntracks(device.token, location(tst))).statusCode).toBe(200);
    }
    expect((await stored(t, device.id)).map((r) => r.fix_at)).toEqual([
      new Date(1_765_000_000_000).toISOString(),
      new Date(1_765_000_600_000).toISOString(),
    ]);
  });

  it('answers 200 [] to an empty body and to messages that are not positions, storing nothing', async () => {
    const device = await createDevice(t, 'cso');
    for (const payload of [
      '',
      { _type: 'waypoint', desc: 'Office', lat: 33.7, lon: 73.1, rad: 100, tst: 1_765_000_000 },
      { _type: 'card', name: 'Li Wei' },
      { _type: 'lwt', tst: 1_765_000_000 },
      { _type: 'lwt', tst: '1765000000' },
      { _type: 'lwt' },
      { _type: 'status', android: { wifistate: 1 } },
    ]) {
      const res = await owntracks(device.token, payload);
      expect({ payload, status: res.statusCode, body: res.json() }).toEqual({
        payload,
        status: 200,
        body: [],
      });
    }
    expect(await stored(t)).toEqual([]);
  });

  it('answers 200 [] to the app’s whole region list, and 413 to a body past any report', async () => {
    const device = await createDevice(t, 'cso');
    const waypoints = Array.from({ length: 200 }, (_, i) => ({
      _type: 'waypoint',
      desc: `Region ${i} near the works`,
      lat: 33 + i / 1000,
      lon: 73 + i / 1000,
      rad: 150,
      tst: 1_765_000_000 + i,
      rid: `r${i}`,
    }));
    const list = await owntracks(device.token, { _type: 'waypoints', waypoints });
    expect({ status: list.statusCode, body: list.json() }).toEqual({ status: 200, body: [] });
    const huge = await owntracks(device.token, { _type: 'status', note: 'x'.repeat(70_000) });
    expectError(huge, 413, 'payload_too_large');
    expect(await stored(t)).toEqual([]);
  });

  it('warns when the app encrypts its payloads, which hides every fix while the app counts it sent', async () => {
    const device = await createDevice(t, 'cso');
    const res = await owntracks(device.token, { _type: 'encrypted', data: 'bm90IGEgZml4' });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: [] });
    expect(
      t.logs.some((line) => line.includes('owntracks payload encrypted') && line.includes(device.id)),
    ).toBe(true);
  });

  it('takes identity from the token alone: another user named in X-Limit-U or the topic changes nothing', async () => {
    const device = await createDevice(t, 'cso');
    const res = await owntracks(device.token, location(1_765_000_000, { topic: 'owntracks/someone/else' }), {
      'x-limit-u': 'someone',
      'x-limit-d': 'else',
    });
    expect(res.statusCode).toBe(200);
    expect((await stored(t)).map((r) => r.device_id)).toEqual([device.id]);
  });

  it('stores the position of a region transition', async () => {
    const device = await createDevice(t, 'cso');
    const res = await owntracks(device.token, {
      _type: 'transition',
      event: 'leave',
      desc: 'Camp',
      lat: 33.7,
      lon: 73.1,
      tst: 1_765_000_100,
      wtst: 1_764_000_000,
      acc: 10,
      t: 'c',
    });
    expect(res.statusCode).toBe(200);
    expect(await stored(t, device.id)).toMatchObject([{ lat: 33.7, lon: 73.1 }]);
  });

  it('hands a waiting reportLocation command to the device in its next reply, once', async () => {
    const device = await createDevice(t, 'cso');
    t.services.deviceCommands.requestLocation(device.id);
    const first = await owntracks(device.token, location(1_765_000_000));
    expect(first.json()).toEqual([{ _type: 'cmd', action: 'reportLocation' }]);
    expect((await owntracks(device.token, location(1_765_000_060))).json()).toEqual([]);
  });

  it('refuses a wrong, revoked or user token with 401 and a bad location with 400 naming the field', async () => {
    const device = await createDevice(t, 'cso');
    expectError(await owntracks('jsd_not-a-token', location(1_765_000_000)), 401, 'unauthenticated');
    expectError(
      await owntracks(device.token, location(1_765_000_000, { lat: 91 })),
      400,
      'validation_failed',
      'body.lat',
    );
    expectError(
      await owntracks(device.token, { _type: 'location', lat: 1, lon: 2 }),
      400,
      'validation_failed',
      'body.tst',
    );
    await t.services.tokens.revokeDevice({ type: 'system', id: 'test', partyId: 'cso' }, device.id);
    expectError(await owntracks(device.token, location(1_765_000_000)), 401, 'unauthenticated');
    const anonymous = await t.app.inject({ method: 'POST', url: '/ingest/owntracks', payload: location(1) });
    expectError(anonymous, 401, 'unauthenticated');
    expect(await stored(t)).toEqual([]);
  });

  it('writes one audit entry per party and batch, naming how many fixes it stored', async () => {
    const [a, b] = [await createDevice(t, 'cso'), await createDevice(t, 'ssd')];
    await Promise.all([
      owntracks(a.token, location(1_765_000_000)),
      owntracks(a.token, location(1_765_000_001)),
      owntracks(b.token, location(1_765_000_002)),
    ]);
    const entries = await t.db
      .selectFrom('audit_entries')
      .select(['party_id', 'details'])
      .where('action', '=', 'position.recorded')
      .execute();
    const counted = new Map<string, number>();
    for (const e of entries) {
      const count = Number((JSON.parse(e.details!) as { count: string }).count);
      counted.set(e.party_id!, (counted.get(e.party_id!) ?? 0) + count);
    }
    expect(Object.fromEntries(counted)).toEqual({ cso: 2, ssd: 1 });
  });

  it('refuses a device past its burst with 429, storing what came before', async () => {
    const device = await createDevice(t, 'cso');
    const answers = await Promise.all(
      Array.from({ length: 605 }, (_, i) => owntracks(device.token, location(1_765_000_000 + i))),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(600);
    expectError(
      answers.find((r) => r.statusCode === 429)!,
      429,
      'position_rate_limited',
    );
    expect(await stored(t, device.id)).toHaveLength(600);
  });
});

/** Issue 12 part 3: what the real clients and Traccar's decoder tests send, a registered token as id. */
describe('Traccar Client and OsmAnd', () => {
  const osmand = (query: string, method: 'GET' | 'POST' = 'GET') =>
    t.app.inject({ method, url: `/ingest/osmand/?${query}` });

  const cases: [
    string,
    {
      lat: number;
      lon: number;
      fix_at?: string;
      altitude_m?: number;
      speed_kmh?: number;
      battery_pct?: number;
    },
  ][] = [
    [
      'id=TOKEN&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0',
      { lat: 42.06288, lon: -88.23412, fix_at: '2016-01-27T18:55:47.000Z', altitude_m: 224, speed_kmh: 0 },
    ],
    [
      'id=TOKEN&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0',
      { lat: 42.06288, lon: -88.23412, fix_at: '2015-09-12T14:38:06.579Z' },
    ],
    [
      'lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=TOKEN',
      { lat: 49.60688, lon: 6.15788, fix_at: '2014-06-04T09:10:11.000Z', altitude_m: 384.7 },
    ],
    ['lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=TOKEN', { lat: 60, lon: 30 }],
    [
      'id=TOKEN&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87',
      { lat: 41.666667, lon: -0.883333, battery_pct: 87 },
    ],
    [
      'id=TOKEN&timestamp=1377177267&location=60.0,30.0',
      { lat: 60, lon: 30, fix_at: '2013-08-22T13:14:27.000Z' },
    ],
  ];
  for (const [query, expected] of cases) {
    it(`GET /?${query}`, async () => {
      const device = await createDevice(t, 'ssd', undefined, 'person');
      const res = await osmand(query.replace('TOKEN', encodeURIComponent(device.token)));
      expect(res.statusCode).toBe(200);
      const rows = await stored(t, device.id);
      expect(rows).toMatchObject([expected]);
      if (!expected.fix_at) expect(rows[0]!.fix_at).toBe(t.clock.now().toISOString());
    });
  }

  it('answers 400 naming id to a report without one, and the same to an unknown or revoked token', async () => {
    const device = await createDevice(t, 'ssd');
    await t.services.tokens.revokeDevice({ type: 'system', id: 'test', partyId: 'ssd' }, device.id);
    const answers: LightMyRequestResponse[] = [
      await osmand('timestamp=1377177267&lat=60.0&lon=30.0'),
      await osmand('id=902064&lat=60.0&lon=30.0'),
      await osmand(`id=${encodeURIComponent(device.token)}&lat=60.0&lon=30.0`),
    ];
    for (const res of answers) expectError(res, 400, 'validation_failed', 'querystring.id');
    // No hint: the unknown and the revoked token get the same words.
    expect(answers[1]!.json<{ error: { message: string } }>().error.message).toBe(
      answers[2]!.json<{ error: { message: string } }>().error.message,
    );
    expect(await stored(t)).toEqual([]);
  });

  it('takes Traccar Client 10’s form-encoded POST, speed in knots and alarm=sos', async () => {
    const device = await createDevice(t, 'ssd');
    const res = await t.app.inject({
      method: 'POST',
      url: '/ingest/osmand',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `id=${encodeURIComponent(device.token)}&lat=24.86&lon=67.01&timestamp=1765000000&accuracy=5&altitude=10&speed=10&bearing=270&batt=55&charge=true&alarm=sos`,
    });
    expect(res.statusCode).toBe(200);
    expect(await stored(t, device.id)).toMatchObject([
      {
        lat: 24.86,
        lon: 67.01,
        accuracy_m: 5,
        speed_kmh: 18.52,
        heading_deg: 270,
        battery_pct: 55,
        charging: 1,
        sos: 1,
      },
    ]);
  });

  it('takes the JSON body of the background-geolocation clients, speed in m/s', async () => {
    const device = await createDevice(t, 'ssd');
    const res = await t.app.inject({
      method: 'POST',
      url: '/ingest/osmand',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        location: {
          timestamp: '2021-07-21T08:06:34.444Z',
          odometer: 0,
          is_moving: false,
          event: 'motionchange',
          coords: {
            latitude: -6.1148096,
            longitude: 106.6837015,
            accuracy: 3.8,
            speed: 18.67,
            heading: 63,
            altitude: 35.7,
          },
          battery: { is_charging: false, level: 0.79 },
          extras: {},
        },
        device_id: device.token,
      }),
    });
    expect(res.statusCode).toBe(200);
    const [row] = await stored(t, device.id);
    expect(row).toMatchObject({
      lat: -6.1148096,
      lon: 106.6837015,
      fix_at: '2021-07-21T08:06:34.444Z',
      battery_pct: 79,
    });
    expect(row!.speed_kmh).toBeCloseTo(67.212, 3);
  });
});

describe('retention', () => {
  it('purges the fixes older than the agreement’s location history, and audits how many', async () => {
    await putAgreementInForce(t);
    const device = await createDevice(t, 'cso');
    const now = t.clock.now().getTime() / 1000;
    for (const ageDays of [400, 2, 0])
      await owntracks(device.token, location(Math.round(now - ageDays * 86_400)));
    const agreement = await t.services.agreements.inForce();
    const keep = agreement!.document.retention.locationHistoryDays;
    expect(keep).toBeGreaterThan(2);
    expect(keep).toBeLessThan(400);
    expect(await t.services.positions.purge(t.clock.now())).toBe(1);
    expect(await stored(t, device.id)).toHaveLength(2);
    const [entry] = await t.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'position.purged')
      .execute();
    expect(JSON.parse(entry!.details!)).toMatchObject({ count: '1' });
  });
});
