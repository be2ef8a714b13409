import { describe, expect, it } from 'vitest';
import { latestAudit, seededUserJson, system, testPassword } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { ownedRecordCases } from '../../test/helpers/owned-records.js';
import {
  expectAudited,
  expectError,
  expectNoSecrets,
  login,
  parsedAudit,
  rowById,
  queryRefusalCases,
} from '../../test/helpers/routes.js';

const t = useTestApp({ each: true });

const newUser = { username: 'cso-new', displayName: 'New Person', roles: ['analyst'] };

const userRow = rowById(t, 'users');

ownedRecordCases(t, {
  record: 'user',
  routes: (id) => [
    { method: 'GET', url: `/api/v1/users/${id}` },
    { method: 'POST', url: `/api/v1/users/${id}/disable` },
    { method: 'POST', url: `/api/v1/users/${id}/reset-password`, payload: {} },
  ],
  notFound: 'user_not_found',
  caller: 'cso:admin',
  row: userRow,
  others: [
    {
      what: "another party's user",
      create: () => Promise.resolve(t.users['ssd:analyst']!.id),
      status: 404,
      code: 'user_not_found',
    },
  ],
});

describe('a user id in the path', () => {
  it('answers an id the router cannot read (too long, bad escape) with the same error body', async () => {
    for (const id of ['x'.repeat(600), '%E0%A4%A']) {
      const res = await t.request('cso:admin', { method: 'GET', url: `/api/v1/users/${id}` });
      expectError(res, 400, 'validation_failed');
      expect(res.json()).toEqual({
        error: { code: 'validation_failed', message: expect.any(String), requestId: expect.any(String) },
      });
    }
  });
});

describe('GET /api/v1/users', () => {
  it("lists only the caller's party, by username, a page at a time", async () => {
    const res = await t.request('cso:admin', { method: 'GET', url: '/api/v1/users' });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { username: string; partyId: string }[] }>().items;
    expect(items.map((u) => u.username)).toEqual([
      'cso-admin',
      'cso-analyst',
      'cso-commander',
      'cso-coordinator',
      'cso-observer',
      'cso-person',
    ]);
    expect(items[0]).toEqual(seededUserJson(t, 'cso:admin'));
    expect(res.body).not.toContain('argon2');

    const first = await t.request('cso:admin', { method: 'GET', url: '/api/v1/users?limit=2' });
    expect(first.json<{ items: { username: string }[] }>().items.map((u) => u.username)).toEqual([
      'cso-admin',
      'cso-analyst',
    ]);
    const page = await t.request('cso:admin', {
      method: 'GET',
      url: `/api/v1/users?limit=2&after=${first.json<{ next: string }>().next}`,
    });
    expect(page.json<{ items: { username: string }[] }>().items.map((u) => u.username)).toEqual([
      'cso-commander',
      'cso-coordinator',
    ]);
  });

  queryRefusalCases(t, 'cso:admin', '/api/v1/users', [
    ['limit=0', 'querystring.limit'],
    ['limit=501', 'querystring.limit'],
    ['limit=ten', 'querystring.limit'],
    [`after=${'a'.repeat(2001)}`, 'querystring.after'],
    ['after=cso-analyst', 'querystring.after'],
  ]);
});

describe('POST /api/v1/users', () => {
  it('creates a user in the caller’s party with a chosen password', async () => {
    const chosen = 'a chosen passphrase here';
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'CSO-New',
        displayName: 'New Person',
        roles: ['analyst', 'observer'],
        password: chosen,
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ user: { id: string }; password?: string }>();
    expect(body).toEqual({
      user: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        partyId: 'cso',
        username: 'cso-new',
        displayName: 'New Person',
        roles: ['analyst', 'observer'],
        personId: null,
        unitId: null,
        totpEnrolled: false,
        disabled: false,
        createdAt: '2026-11-28T08:00:00.000Z',
      },
    });
    const row = await userRow(body.user.id);
    expect(row).toMatchObject({
      party_id: 'cso',
      username: 'cso-new',
      display_name: 'New Person',
      roles: '["analyst","observer"]',
      totp_secret_enc: null,
      disabled_at: null,
      is_demo: 0,
    });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const audit = await expectAudited(t, 'user.created', body.user.id, {
      actorType: 'user',
      by: t.users['cso:admin']!.id,
      party: 'cso',
      fields: ['display_name', 'password_hash', 'roles', 'username'],
    });
    expectNoSecrets(audit, [chosen, row.password_hash, 'New Person']);
    expect((await login(t, 'cso-new', { password: chosen })).statusCode).toBe(201);
  });

  it('generates a password when none is given and returns it once', async () => {
    const res = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/users', payload: newUser });
    expect(res.statusCode).toBe(201);
    const { user, password } = res.json<{ user: { id: string; partyId: string }; password: string }>();
    expect(user.partyId).toBe('ssd');
    expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);
    expectNoSecrets(await latestAudit(t.db), [password]);
    expect((await login(t, 'cso-new', { password })).statusCode).toBe(201);
    const again = await t.request('ssd:admin', { method: 'GET', url: `/api/v1/users/${user.id}` });
    expect(again.body).not.toContain(password);
  });

  // [status, code, field, what the payload changes from newUser]
  const refusals: [number, string, string, Record<string, unknown>][] = [
    [400, 'validation_failed', 'body.username', { username: 'x' }],
    [400, 'validation_failed', 'body.username', { username: 'has space' }],
    [400, 'validation_failed', 'body.displayName', { displayName: '' }],
    [400, 'validation_failed', 'body.roles', { roles: [] }],
    [400, 'validation_failed', 'body.roles.0', { roles: ['root'] }],
    [400, 'validation_failed', 'body.password', { password: 'short' }],
    [409, 'username_taken', 'body.username', { username: 'CSO-Analyst' }],
  ];
  for (const [status, code, field, overrides] of refusals) {
    const payload = { ...newUser, ...overrides };
    it(`answers ${status} ${code} naming ${field} (${JSON.stringify(payload).slice(0, 60)})`, async () => {
      const before = await t.db.selectFrom('users').select('id').execute();
      expectError(
        await t.request('cso:admin', { method: 'POST', url: '/api/v1/users', payload }),
        status,
        code,
        field,
      );
      expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
    });
  }

  it('refuses the person role in the host party (400 roles)', async () => {
    const res = await t.request('ssd:admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...newUser, roles: ['person'] },
    });
    expectError(res, 400, 'validation_failed', 'body.roles');
  });

  it("creates the user in the caller's party whatever partyId the body names", async () => {
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...newUser, partyId: 'ssd' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ user: { partyId: 'cso' } });
  });
});

describe('GET /api/v1/users/:id', () => {
  it('shows one user of the caller’s party', async () => {
    const target = t.users['ssd:observer']!;
    const res = await t.request('ssd:admin', { method: 'GET', url: `/api/v1/users/${target.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(seededUserJson(t, 'ssd:observer'));
  });
});

describe('POST /api/v1/users/:id/disable', () => {
  it('disables the user once and audits it once', async () => {
    const target = t.users['cso:observer']!;
    t.clock.advance(60_000);
    const res = await t.request('cso:admin', { method: 'POST', url: `/api/v1/users/${target.id}/disable` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: target.id, disabled: true });
    expect(await userRow(target.id)).toMatchObject({ disabled_at: '2026-11-28T08:01:00.000Z' });
    const audit = await expectAudited(t, 'user.disabled', target.id, {
      by: t.users['cso:admin']!.id,
      party: 'cso',
      fields: ['disabled_at'],
    });
    // Disabling again changes nothing and writes no second entry.
    const seq = Number(audit[0]!.seq);
    const again = await t.request('cso:admin', { method: 'POST', url: `/api/v1/users/${target.id}/disable` });
    expect(again.json()).toMatchObject({ disabled: true });
    expect(Number((await latestAudit(t.db))[0]!.seq)).toBe(seq);
  });

  it('refuses an admin disabling their own account (403)', async () => {
    const self = t.users['cso:admin']!;
    expectError(
      await t.request('cso:admin', { method: 'POST', url: `/api/v1/users/${self.id}/disable` }),
      403,
      'forbidden',
    );
    expect(await userRow(self.id)).toMatchObject({ disabled_at: null });
  });
});

describe('POST /api/v1/users/:id/reset-password', () => {
  it('sets a new random password, returned once, without touching TOTP by default', async () => {
    const target = t.users['ssd:coordinator']!;
    await t.services.users.assignTotp(system, target.id);
    const oldHash = (await userRow(target.id)).password_hash;
    // No body at all: resetTotp defaults to false.
    const res = await t.request('ssd:admin', {
      method: 'POST',
      url: `/api/v1/users/${target.id}/reset-password`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { user, password } = res.json<{ user: { totpEnrolled: boolean }; password: string }>();
    expect(user).toMatchObject({ totpEnrolled: true });
    expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);
    const row = await userRow(target.id);
    expect(row.password_hash).not.toBe(oldHash);
    expect(row.totp_secret_enc).not.toBeNull();
    const audit = await expectAudited(t, 'user.password_reset', target.id, {
      by: t.users['ssd:admin']!.id,
      party: 'ssd',
      fields: ['password_hash'],
    });
    expectNoSecrets(audit, [password, row.password_hash]);
    expectError(await login(t, target.username, { password: testPassword }), 401, 'invalid_credentials');
  });

  it('clears a lost second factor when asked', async () => {
    const target = t.users['ssd:coordinator']!;
    await t.services.users.assignTotp(system, target.id);
    const res = await t.request('ssd:admin', {
      method: 'POST',
      url: `/api/v1/users/${target.id}/reset-password`,
      payload: { resetTotp: true },
    });
    expect(res.statusCode).toBe(200);
    const { password } = res.json<{ password: string }>();
    expect(await userRow(target.id)).toMatchObject({
      totp_secret_enc: null,
      totp_pending_secret_enc: null,
      totp_last_step: null,
    });
    expect(parsedAudit((await latestAudit(t.db))[0])).toMatchObject({
      action: 'user.password_reset',
      fields: ['password_hash', 'totp_last_step', 'totp_pending_secret_enc', 'totp_secret_enc'],
    });
    expect((await login(t, target.username, { password })).statusCode).toBe(201);
  });

  it('answers 400 validation_failed naming body.resetTotp for a non-boolean', async () => {
    const target = t.users['ssd:coordinator']!;
    const res = await t.request('ssd:admin', {
      method: 'POST',
      url: `/api/v1/users/${target.id}/reset-password`,
      payload: { resetTotp: 'yes' },
    });
    expectError(res, 400, 'validation_failed', 'body.resetTotp');
  });
});
