import { describe, expect, it } from 'vitest';
import { seededUserJson, testPassword } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import {
  auditCount,
  expectAudited,
  expectError,
  expectNoSecrets,
  login,
  signIn,
  withSession,
} from '../../test/helpers/routes.js';
import { sessionCookie } from './auth.hook.js';
import { hashCredential } from './credentials.js';

const t = useTestApp({ each: true });

describe('POST /api/v1/sessions', () => {
  it('signs in, sets a __Host- cookie that scripts cannot read, and records user.signed_in', async () => {
    const user = t.users['cso:observer']!;
    const res = await login(t, 'CSO-Observer');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      user: {
        ...seededUserJson(t, 'cso:observer'),
        partyKind: 'partner',
        secondFactorOk: true,
        language: null,
      },
      expiresAt: '2026-11-28T20:00:00.000Z',
    });
    const [cookie] = res.cookies;
    expect(res.cookies).toHaveLength(1);
    expect(cookie).toMatchObject({
      name: '__Host-jsms_session',
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    });
    expect(cookie!.domain).toBeUndefined();
    expect(cookie!.value).toMatch(/^jss_[A-Za-z0-9_-]{43}$/);

    const rows = await t.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(rows).toEqual([
      {
        id: hashCredential(cookie!.value),
        user_id: user.id,
        created_at: '2026-11-28T08:00:00.000Z',
        last_seen_at: '2026-11-28T08:00:00.000Z',
        expires_at: '2026-11-28T20:00:00.000Z',
        second_factor_ok: 1,
        client_address: '127.0.0.1',
        ended_at: null,
      },
    ]);
    const audit = await expectAudited(t, 'user.signed_in', user.id, {
      actorType: 'user',
      by: user.id,
      party: 'cso',
      fields: [],
    });
    expectNoSecrets(audit, [cookie!.value, testPassword]);
  });

  it('signs in even when the browser still sends an ended session cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      cookies: { [sessionCookie]: 'jss_stale' },
      payload: { username: 'ssd-analyst', password: testPassword },
    });
    expect(res.statusCode).toBe(201);
  });

  const refusals = [
    {
      name: 'a wrong password',
      username: 'cso-observer',
      password: 'not the password',
      user: 'cso:observer',
    },
    { name: 'an unknown username', username: 'nobody-here', password: testPassword, user: null },
  ] as const;
  for (const refusal of refusals) {
    it(`refuses ${refusal.name} with 401 invalid_credentials and audits the failure`, async () => {
      const res = await login(t, refusal.username, { password: refusal.password });
      expectError(res, 401, 'invalid_credentials');
      expect(res.cookies).toHaveLength(0);
      const user = refusal.user ? t.users[refusal.user]! : null;
      const audit = await expectAudited(t, 'user.sign_in_failed', user?.id ?? null, {
        actorType: 'anonymous',
        by: null,
        party: user?.partyId ?? null,
        fields: [],
        details: { reason: 'password' },
      });
      expectNoSecrets(audit, [refusal.password]);
      const attempts = await t.db.selectFrom('login_attempts').selectAll().orderBy('key').execute();
      expect(attempts.map((a) => [a.key, a.failures])).toEqual([
        [`account:${refusal.username}`, 1],
        ['address:127.0.0.1', 1],
        [`pair:${refusal.username}|127.0.0.1`, 1],
      ]);
      expect(await t.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    });
  }

  const badBodies = [
    { payload: { password: testPassword }, field: 'body.username' },
    { payload: { username: 'ssd-admin' }, field: 'body.password' },
    { payload: { username: 'x'.repeat(65), password: testPassword }, field: 'body.username' },
    { payload: { username: 'ssd-admin', password: testPassword, totp: '12345678901' }, field: 'body.totp' },
  ];
  for (const { payload, field } of badBodies) {
    it(`answers 400 validation_failed naming ${field}`, async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload });
      expectError(res, 400, 'validation_failed', field);
      expect(await t.db.selectFrom('login_attempts').selectAll().execute()).toEqual([]);
    });
  }
});

describe('DELETE /api/v1/sessions/current', () => {
  it('ends the session, clears the cookie and records user.signed_out', async () => {
    const user = t.users['ssd:coordinator']!;
    const cookie = await signIn(t, user.username);
    t.clock.advance(5 * 60_000);
    const res = await withSession(t, cookie, { method: 'DELETE', url: '/api/v1/sessions/current' });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const cleared = res.cookies.find((c) => c.name === sessionCookie);
    expect(cleared).toMatchObject({ value: '', path: '/', httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(cleared!.expires!.getTime()).toBeLessThanOrEqual(0);

    const row = await t.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', hashCredential(cookie))
      .executeTakeFirstOrThrow();
    expect(row.ended_at).toBe('2026-11-28T08:05:00.000Z');
    const audit = await expectAudited(t, 'user.signed_out', user.id, {
      by: user.id,
      party: 'ssd',
      fields: [],
    });
    expectNoSecrets(audit, [cookie]);
    expectError(await withSession(t, cookie, { method: 'GET', url: '/api/v1/me' }), 401, 'unauthenticated');
  });

  it('refuses a cookie-authenticated sign-out without an Origin (403 origin_mismatch)', async () => {
    const cookie = await signIn(t, 'ssd-coordinator');
    const res = await withSession(
      t,
      cookie,
      { method: 'DELETE', url: '/api/v1/sessions/current' },
      { origin: false },
    );
    expectError(res, 403, 'origin_mismatch');
    expect((await withSession(t, cookie, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
  });

  it('refuses a session cookie it never issued with 401', async () => {
    const res = await withSession(t, 'jss_never-issued', {
      method: 'DELETE',
      url: '/api/v1/sessions/current',
    });
    expectError(res, 401, 'unauthenticated');
  });
});

describe('GET /api/v1/me', () => {
  it('describes the caller, by session or by token, and writes no audit entry', async () => {
    const before = await auditCount(t);
    const user = t.users['ssd:commander']!;
    const expected = {
      id: user.id,
      partyId: 'ssd',
      username: 'ssd-commander',
      displayName: 'ssd commander',
      roles: ['commander'],
      personId: null,
      unitId: null,
      totpEnrolled: false,
      disabled: false,
      createdAt: '2026-11-28T08:00:00.000Z',
      partyKind: 'host',
      secondFactorOk: true,
      language: null,
    };
    const byToken = await t.request('ssd:commander', { method: 'GET', url: '/api/v1/me' });
    expect(byToken.statusCode).toBe(200);
    expect(byToken.json()).toEqual(expected);
    const cookie = await signIn(t, user.username);
    const bySession = await withSession(t, cookie, { method: 'GET', url: '/api/v1/me' }, { origin: false });
    expect(bySession.json()).toEqual(expected);
    // Reads are not audited; only the sign-in added an entry.
    expect(await auditCount(t)).toBe(before + 1);
  });
});
