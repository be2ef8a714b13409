import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { latestAudit } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import {
  createDevice,
  expectError,
  expectNoSecrets,
  parsedAudit,
  signIn,
  withBearer,
  withSession,
} from '../../test/helpers/routes.js';
import { hashCredential } from './credentials.js';

const t = useTestApp({ each: true });

type Route = InjectOptions & { method: string; url: string };

const tokenRoutes = (id: string): Route[] => [
  { method: 'GET', url: '/api/v1/tokens' },
  { method: 'POST', url: '/api/v1/tokens', payload: { name: 'script' } },
  { method: 'POST', url: `/api/v1/tokens/${id}/revoke` },
];
const deviceRoutes = (id: string): Route[] => [
  { method: 'GET', url: '/api/v1/devices' },
  { method: 'POST', url: '/api/v1/devices', payload: { subjectType: 'unit', subjectId: 'u-1', name: 'van' } },
  { method: 'GET', url: `/api/v1/devices/${id}` },
  { method: 'POST', url: `/api/v1/devices/${id}/revoke` },
];

async function tokenIdOf(key: string) {
  const row = await t.db
    .selectFrom('api_tokens')
    .select('id')
    .where('user_id', '=', t.users[key]!.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('who may call the token and device routes', () => {
  it('refuses anonymous callers with 401 unauthenticated', async () => {
    const device = await createDevice(t, 'cso');
    const routes = [
      ...tokenRoutes(await tokenIdOf('cso:analyst')),
      ...deviceRoutes(device.id),
      { method: 'GET', url: '/api/v1/device' },
    ];
    for (const route of routes) expectError(await t.request(null, route), 401, 'unauthenticated');
  });

  it('keeps API tokens to staff: a person or a device gets 403 forbidden', async () => {
    const device = await createDevice(t, 'cso');
    for (const route of tokenRoutes(await tokenIdOf('cso:person'))) {
      expectError(await t.request('cso:person', route), 403, 'forbidden');
      expectError(await withBearer(t, device.token, route), 403, 'forbidden');
    }
  });

  it('keeps devices to admins and coordinators: other roles and devices get 403 forbidden', async () => {
    const device = await createDevice(t, 'cso');
    for (const route of deviceRoutes(device.id)) {
      for (const who of ['cso:commander', 'cso:analyst', 'cso:observer', 'cso:person']) {
        expectError(await t.request(who, route), 403, 'forbidden');
      }
      expectError(await withBearer(t, device.token, route), 403, 'forbidden');
    }
    const row = await t.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it("answers 404 for another user's token and another party's device, and changes nothing", async () => {
    for (const owner of ['ssd:analyst', 'cso:analyst']) {
      const id = await tokenIdOf(owner);
      const res = await t.request('cso:coordinator', { method: 'POST', url: `/api/v1/tokens/${id}/revoke` });
      expectError(res, 404, 'token_not_found');
    }
    const device = await createDevice(t, 'ssd');
    for (const route of deviceRoutes(device.id).slice(2)) {
      expectError(await t.request('cso:admin', route), 404, 'device_not_found');
    }
    expect((await t.request('ssd:analyst', { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    expect((await withBearer(t, device.token, { method: 'GET', url: '/api/v1/device' })).statusCode).toBe(
      200,
    );
  });

  it('answers 400 validation_failed naming params.id for an id over 100 characters', async () => {
    const routes = [...tokenRoutes('x'.repeat(101)).slice(2), ...deviceRoutes('x'.repeat(101)).slice(2)];
    for (const route of routes) {
      expectError(await t.request('cso:admin', route), 400, 'validation_failed', 'params.id');
    }
  });
});

describe('API tokens', () => {
  it('GET /api/v1/tokens lists only the caller’s own tokens, never a secret or hash', async () => {
    const res = await t.request('ssd:analyst', { method: 'GET', url: '/api/v1/tokens' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          id: await tokenIdOf('ssd:analyst'),
          name: 'test',
          createdAt: '2026-11-28T08:00:00.000Z',
          expiresAt: null,
          // The request just made counts as use.
          lastUsedAt: '2026-11-28T08:00:00.000Z',
          revoked: false,
        },
      ],
    });
    expect(res.body).not.toContain(t.users['ssd:analyst']!.token);
    expect(res.body).not.toContain(hashCredential(t.users['ssd:analyst']!.token));
  });

  it('POST /api/v1/tokens issues a token acting as the caller; the secret is shown once', async () => {
    const user = t.users['cso:commander']!;
    const cookie = await signIn(t, user.username);
    const res = await withSession(t, cookie, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'nightly export', expiresInDays: 30 },
    });
    expect(res.statusCode).toBe(201);
    const { token, secret } = res.json<{ token: { id: string }; secret: string }>();
    expect(secret).toMatch(/^jsa_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'nightly export',
      createdAt: '2026-11-28T08:00:00.000Z',
      expiresAt: '2026-12-28T08:00:00.000Z',
      lastUsedAt: null,
      revoked: false,
    });
    const row = await t.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      user_id: user.id,
      name: 'nightly export',
      token_hash: hashCredential(secret),
      expires_at: '2026-12-28T08:00:00.000Z',
      revoked_at: null,
    });
    const audit = await latestAudit(t.db);
    expect(parsedAudit(audit[0])).toMatchObject({
      action: 'token.created',
      actor_type: 'user',
      actor_id: user.id,
      entity_type: 'token',
      entity_id: token.id,
      party_id: 'cso',
      fields: ['expires_at', 'name'],
    });
    expectNoSecrets(audit, [secret, hashCredential(secret)]);
    const me = await withBearer(t, secret, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({ id: user.id, username: 'cso-commander' });
  });

  for (const [payload, field] of <const>[
    [{}, 'body.name'],
    [{ name: '' }, 'body.name'],
    [{ name: 'x'.repeat(101) }, 'body.name'],
    [{ name: 'ok', expiresInDays: 0 }, 'body.expiresInDays'],
    [{ name: 'ok', expiresInDays: 1.5 }, 'body.expiresInDays'],
    [{ name: 'ok', expiresInDays: 3651 }, 'body.expiresInDays'],
  ]) {
    it(`POST /api/v1/tokens answers 400 naming ${field} for ${JSON.stringify(payload).slice(0, 40)}`, async () => {
      const res = await t.request('cso:commander', { method: 'POST', url: '/api/v1/tokens', payload });
      expectError(res, 400, 'validation_failed', field);
      expect(await t.db.selectFrom('api_tokens').selectAll().execute()).toHaveLength(11);
    });
  }

  it('POST /api/v1/tokens/:id/revoke revokes one of the caller’s tokens, once', async () => {
    const user = t.users['ssd:coordinator']!;
    const cookie = await signIn(t, user.username);
    const created = await withSession(t, cookie, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'laptop' },
    });
    const { token, secret } = created.json<{ token: { id: string }; secret: string }>();
    t.clock.advance(90_000);
    const res = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/tokens/${token.id}/revoke`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: token.id, name: 'laptop', revoked: true });
    const row = await t.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBe('2026-11-28T08:01:30.000Z');
    const audit = await latestAudit(t.db);
    expect(parsedAudit(audit[0])).toMatchObject({
      action: 'token.revoked',
      actor_id: user.id,
      entity_type: 'token',
      entity_id: token.id,
      party_id: 'ssd',
      fields: ['revoked_at'],
    });
    expectNoSecrets(audit, [secret]);
    expectError(await withBearer(t, secret, { method: 'GET', url: '/api/v1/me' }), 401, 'unauthenticated');
    const seq = audit[0]!.seq;
    const again = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/tokens/${token.id}/revoke`,
    });
    expect(again.json()).toMatchObject({ revoked: true });
    expect((await latestAudit(t.db))[0]!.seq).toBe(seq);
  });

  it('POST /api/v1/tokens/:id/revoke answers 404 token_not_found for an unknown id', async () => {
    const res = await t.request('ssd:coordinator', { method: 'POST', url: '/api/v1/tokens/nope/revoke' });
    expectError(res, 404, 'token_not_found');
  });
});
