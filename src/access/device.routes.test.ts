import { describe, expect, it } from 'vitest';
import { latestAudit, system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { ownedRecordCases } from '../../test/helpers/owned-records.js';
import {
  createDevice,
  createPerson,
  expectAudited,
  expectError,
  expectNoSecrets,
  rowById,
  withBearer,
  queryRefusalCases,
} from '../../test/helpers/routes.js';
import { hashCredential } from './credentials.js';

const t = useTestApp({ each: true });

const deviceRow = rowById(t, 'devices');

ownedRecordCases(t, {
  record: 'device',
  routes: (id) => [
    { method: 'GET', url: `/api/v1/devices/${id}` },
    { method: 'POST', url: `/api/v1/devices/${id}/revoke` },
  ],
  notFound: 'device_not_found',
  caller: 'cso:admin',
  row: deviceRow,
  others: [
    {
      what: "another party's device",
      create: async () => (await createDevice(t, 'ssd')).id,
      status: 404,
      code: 'device_not_found',
    },
  ],
});

describe('devices', () => {
  it('GET /api/v1/devices lists only the caller’s party’s devices, a page at a time', async () => {
    const mine = [await createDevice(t, 'cso'), await createDevice(t, 'cso')];
    await createDevice(t, 'ssd');
    const res = await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/devices' });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { id: string; partyId: string; subjectId: string }[] }>().items;
    expect(items.map((d) => d.id)).toEqual(mine.map((d) => d.id).sort());
    expect(items.every((d) => d.partyId === 'cso')).toBe(true);
    for (const device of mine) expect(res.body).not.toContain(device.token);
    const first = await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/devices?limit=1' });
    expect(first.json<{ items: { id: string }[] }>().items.map((d) => d.id)).toEqual([items[0]!.id]);
    const rest = await t.request('cso:coordinator', {
      method: 'GET',
      url: `/api/v1/devices?limit=5&after=${first.json<{ next: string }>().next}`,
    });
    expect(rest.json()).toMatchObject({ items: items.slice(1).map((d) => ({ id: d.id })), next: null });
  });

  queryRefusalCases(t, 'cso:coordinator', '/api/v1/devices', [['limit=0', 'querystring.limit']]);

  it('POST /api/v1/devices registers a device of the caller’s party; the token is shown once', async () => {
    const user = t.users['cso:coordinator']!;
    const personId = await createPerson(t, 'cso');
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/devices',
      // A partyId in the body is not part of the schema: the caller's party is used.
      payload: { subjectType: 'person', subjectId: personId, name: 'phone', partyId: 'ssd' },
    });
    expect(res.statusCode).toBe(201);
    const { device, token } = res.json<{ device: { id: string }; token: string }>();
    expect(token).toMatch(/^jsd_[A-Za-z0-9_-]{43}$/);
    expect(device).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      partyId: 'cso',
      subjectType: 'person',
      subjectId: personId,
      name: 'phone',
      createdAt: '2026-11-28T08:00:00.000Z',
      lastSeenAt: null,
      revoked: false,
      reportIntervalSeconds: 300,
    });
    const row = await deviceRow(device.id);
    expect(row).toMatchObject({ party_id: 'cso', token_hash: hashCredential(token), revoked_at: null });
    const audit = await expectAudited(t, 'device.created', device.id, {
      by: user.id,
      party: 'cso',
      fields: ['name', 'report_interval_s', 'subject_id', 'subject_type'],
    });
    expectNoSecrets(audit, [token, hashCredential(token)]);
    const whoami = await withBearer(t, token, { method: 'GET', url: '/api/v1/device' });
    expect(whoami.json()).toEqual({
      id: device.id,
      partyId: 'cso',
      subjectType: 'person',
      subjectId: personId,
    });
  });

  for (const [payload, field] of <const>[
    [{ subjectId: 'u-1', name: 'van' }, 'body.subjectType'],
    [{ subjectType: 'car', subjectId: 'u-1', name: 'van' }, 'body.subjectType'],
    [{ subjectType: 'unit', subjectId: '', name: 'van' }, 'body.subjectId'],
    [{ subjectType: 'unit', subjectId: 'u-1' }, 'body.name'],
    [
      { subjectType: 'unit', subjectId: 'u-1', name: 'van', reportIntervalSeconds: 1 },
      'body.reportIntervalSeconds',
    ],
  ]) {
    it(`POST /api/v1/devices answers 400 naming ${field} for ${JSON.stringify(payload)}`, async () => {
      const res = await t.request('cso:admin', { method: 'POST', url: '/api/v1/devices', payload });
      expectError(res, 400, 'validation_failed', field);
      expect(await t.db.selectFrom('devices').selectAll().execute()).toEqual([]);
    });
  }

  it('POST /api/v1/devices refuses a subject that is unknown, inactive or of another party', async () => {
    const other = await createPerson(t, 'ssd');
    const gone = await createPerson(t, 'cso');
    await t.services.persons.deactivate(system, gone);
    for (const subjectId of ['no-such-person', other, gone]) {
      const res = await t.request('cso:coordinator', {
        method: 'POST',
        url: '/api/v1/devices',
        payload: { subjectType: 'person', subjectId, name: 'phone' },
      });
      expectError(res, 400, 'validation_failed', 'body.subjectId');
    }
    expect(await t.db.selectFrom('devices').selectAll().execute()).toEqual([]);
  });

  it('GET /api/v1/devices/:id shows one device of the caller’s party', async () => {
    const device = await createDevice(t, 'ssd');
    const res = await t.request('ssd:admin', { method: 'GET', url: `/api/v1/devices/${device.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: device.id,
      partyId: 'ssd',
      subjectId: device.subjectId,
      revoked: false,
    });
    expect(res.body).not.toContain(device.token);
  });

  it('POST /api/v1/devices/:id/revoke revokes the token, once', async () => {
    const device = await createDevice(t, 'ssd');
    t.clock.advance(60_000);
    const res = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/devices/${device.id}/revoke`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: device.id, revoked: true });
    const row = await deviceRow(device.id);
    expect(row.revoked_at).toBe('2026-11-28T08:01:00.000Z');
    const audit = await expectAudited(t, 'device.revoked', device.id, {
      by: t.users['ssd:coordinator']!.id,
      party: 'ssd',
      fields: ['revoked_at'],
    });
    expectError(
      await withBearer(t, device.token, { method: 'GET', url: '/api/v1/device' }),
      401,
      'unauthenticated',
    );
    const seq = audit[0]!.seq;
    const again = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/devices/${device.id}/revoke`,
    });
    expect(again.statusCode).toBe(200);
    expect((await latestAudit(t.db))[0]!.seq).toBe(seq);
  });
});

describe('GET /api/v1/device', () => {
  it('tells a device which subject it reports for, and records when it was last seen', async () => {
    const device = await createDevice(t, 'cso');
    t.clock.advance(5 * 60_000);
    const res = await withBearer(t, device.token, { method: 'GET', url: '/api/v1/device' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: device.id,
      partyId: 'cso',
      subjectType: 'person',
      subjectId: device.subjectId,
    });
    const row = await deviceRow(device.id);
    expect(row.last_seen_at).toBe('2026-11-28T08:05:00.000Z');
  });

  it('refuses a user with 403 forbidden, and an unknown device token with 401', async () => {
    for (const who of ['ssd:admin', 'cso:coordinator', 'cso:person']) {
      expectError(await t.request(who, { method: 'GET', url: '/api/v1/device' }), 403, 'forbidden');
    }
    const res = await withBearer(t, 'jsd_unknown', { method: 'GET', url: '/api/v1/device' });
    expectError(res, 401, 'unauthenticated');
  });
});
