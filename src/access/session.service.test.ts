import { describe, expect, it } from 'vitest';
import { createTestApp, system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import {
  createApiToken,
  createDevice,
  decrypted,
  expectError,
  login,
  sameOrigin,
  signIn,
  withBearer,
  withSession,
  rowById,
} from '../../test/helpers/routes.js';
import { hashCredential } from './credentials.js';
import { totpAt } from './totp.js';

const minute = 60_000;
const hour = 60 * minute;

const t = useTestApp({ each: true });

const me = { method: 'GET', url: '/api/v1/me' } as const;

async function lastSeenOf(cookie: string) {
  const row = await t.db
    .selectFrom('sessions')
    .select('last_seen_at')
    .where('id', '=', hashCredential(cookie))
    .executeTakeFirstOrThrow();
  return row.last_seen_at;
}

describe('session lifetime', () => {
  it('expires a session idle for 31 minutes (401 session_expired)', async () => {
    const cookie = await signIn(t, 'ssd-analyst');
    t.clock.advance(31 * minute);
    expectError(await withSession(t, cookie, me), 401, 'session_expired');
  });

  it('keeps a session alive while it is used within the idle window', async () => {
    const cookie = await signIn(t, 'ssd-analyst');
    t.clock.advance(30 * 1000);
    expect((await withSession(t, cookie, me)).statusCode).toBe(200);
    // Last-seen is written at most once a minute, so a request 30 s in changes nothing.
    expect(await lastSeenOf(cookie)).toBe('2026-11-28T08:00:00.000Z');
    for (let i = 1; i <= 4; i++) {
      t.clock.advance(29 * minute);
      expect((await withSession(t, cookie, me)).statusCode).toBe(200);
    }
    // Two hours in, the last request counts as activity.
    expect(await lastSeenOf(cookie)).toBe('2026-11-28T09:56:30.000Z');
    t.clock.advance(30 * minute + 1000);
    expectError(await withSession(t, cookie, me), 401, 'session_expired');
  });

  it('ends every session after 12 hours, however active', async () => {
    const cookie = await signIn(t, 'cso-commander');
    for (let elapsed = 20; elapsed <= 700; elapsed += 20) {
      t.clock.advance(20 * minute);
      expect((await withSession(t, cookie, me)).statusCode, `after ${elapsed} min`).toBe(200);
    }
    t.clock.advance(19 * minute);
    expect((await withSession(t, cookie, me)).statusCode).toBe(200);
    t.clock.advance(minute);
    expectError(await withSession(t, cookie, me), 401, 'session_expired');
  });

  it('honours configured idle and absolute limits', async () => {
    const short = await createTestApp({ sessionIdleMinutes: 5, sessionMaxHours: 1 });
    try {
      const res = await login(short, 'ssd-analyst');
      expect(res.json()).toMatchObject({ expiresAt: '2026-11-28T09:00:00.000Z' });
      const cookie = res.cookies[0]!.value;
      short.clock.advance(4 * minute);
      expect((await withSession(short, cookie, me)).statusCode).toBe(200);
      short.clock.advance(5 * minute + 1000);
      expectError(await withSession(short, cookie, me), 401, 'session_expired');
    } finally {
      await short.close();
    }
  });

  it('ends a session at once on sign-out', async () => {
    const cookie = await signIn(t, 'cso-person');
    expect((await withSession(t, cookie, me)).statusCode).toBe(200);
    const out = await withSession(t, cookie, { method: 'DELETE', url: '/api/v1/sessions/current' });
    expect(out.statusCode).toBe(204);
    expectError(await withSession(t, cookie, me), 401, 'unauthenticated');
  });
});

describe('revocation takes effect on the next request', () => {
  it('locks a disabled user out at once, by session cookie and by API token', async () => {
    const cookie = await signIn(t, 'cso-analyst');
    expect((await withSession(t, cookie, me)).statusCode).toBe(200);
    expect((await t.request('cso:analyst', me)).statusCode).toBe(200);
    const id = t.users['cso:analyst']!.id;
    const disabled = await t.request('cso:admin', { method: 'POST', url: `/api/v1/users/${id}/disable` });
    expect(disabled.statusCode).toBe(200);
    expectError(await withSession(t, cookie, me), 401, 'unauthenticated');
    expectError(await t.request('cso:analyst', me), 401, 'unauthenticated');
    expectError(await login(t, 'cso-analyst'), 401, 'invalid_credentials');
  });

  it('refuses a revoked API token at once', async () => {
    const { token, secret } = await createApiToken(t, await signIn(t, 'ssd-observer'), { name: 'script' });
    expect((await withBearer(t, secret, me)).statusCode).toBe(200);
    const revoked = await withBearer(t, secret, { method: 'POST', url: `/api/v1/tokens/${token.id}/revoke` });
    expect(revoked.statusCode).toBe(200);
    expectError(await withBearer(t, secret, me), 401, 'unauthenticated');
    // The user's other token still works.
    expect((await t.request('ssd:observer', me)).statusCode).toBe(200);
  });

  it('refuses an API token once it has expired', async () => {
    const { secret } = await createApiToken(t, await signIn(t, 'ssd-observer'), {
      name: 'one day',
      expiresInDays: 1,
    });
    t.clock.advance(24 * hour - 1000);
    expect((await withBearer(t, secret, me)).statusCode).toBe(200);
    t.clock.advance(1000);
    expectError(await withBearer(t, secret, me), 401, 'unauthenticated');
  });

  it('refuses a revoked device token at once (GET /api/v1/device)', async () => {
    const device = await createDevice(t, 'cso');
    const whoami = { method: 'GET', url: '/api/v1/device' } as const;
    expect((await withBearer(t, device.token, whoami)).statusCode).toBe(200);
    const revoked = await t.request('cso:coordinator', {
      method: 'POST',
      url: `/api/v1/devices/${device.id}/revoke`,
    });
    expect(revoked.statusCode).toBe(200);
    expectError(await withBearer(t, device.token, whoami), 401, 'unauthenticated');
  });
});

describe('TOTP at sign-in', () => {
  it('refuses a missing, wrong or reused code as it refuses a wrong password, and accepts the next', async () => {
    const user = t.users['ssd:admin']!;
    const { secret } = await t.services.users.assignTotp(system, user.id);
    // Without a code, or with a wrong one, the answer is that of a wrong password.
    expectError(await login(t, user.username), 401, 'invalid_credentials');
    const now = t.clock.now().getTime();
    const valid = [-30_000, 0, 30_000].map((d) => totpAt(secret, new Date(now + d)));
    const wrong = ['000000', '000001', '000002', '000003'].find((c) => !valid.includes(c))!;
    expectError(await login(t, user.username, { totp: wrong }), 401, 'invalid_credentials');

    const code = totpAt(secret, t.clock.now());
    const res = await login(t, user.username, { totp: code });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ user: { totpEnrolled: true, secondFactorOk: true } });
    const cookie = res.cookies[0]!.value;
    expect((await withSession(t, cookie, { method: 'GET', url: '/api/v1/users' })).statusCode).toBe(200);

    // The same code, still within its 30 seconds, is refused: it was already used.
    t.clock.advance(10_000);
    expectError(await login(t, user.username, { totp: code }), 401, 'invalid_credentials');
    // A code of an earlier step is refused too, even though it is within the drift window.
    t.clock.advance(30_000);
    expectError(await login(t, user.username, { totp: code }), 401, 'invalid_credentials');
    const next = totpAt(secret, t.clock.now());
    expect((await login(t, user.username, { totp: next })).statusCode).toBe(201);
  });

  it('asks for the code only after the password is right', async () => {
    const user = t.users['cso:coordinator']!;
    await t.services.users.assignTotp(system, user.id);
    expectError(await login(t, user.username, { password: 'not the password' }), 401, 'invalid_credentials');
  });
});

describe('admins without TOTP', () => {
  it('may only enrol or sign out until they confirm a code; then the same session works', async () => {
    const res = await login(t, 'cso-admin');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ user: { secondFactorOk: false, totpEnrolled: false } });
    const cookie = res.cookies[0]!.value;

    const blocked = [
      { method: 'GET', url: '/api/v1/users' },
      { method: 'GET', url: '/api/v1/parties' },
      { method: 'GET', url: '/api/v1/tokens' },
      { method: 'POST', url: '/api/v1/tokens', payload: { name: 'sneaky' } },
      { method: 'GET', url: '/api/v1/audit' },
    ] as const;
    for (const route of blocked) {
      expectError(await withSession(t, cookie, route), 403, 'totp_enrolment_required');
    }
    expect(await t.db.selectFrom('api_tokens').where('name', '=', 'sneaky').selectAll().execute()).toEqual(
      [],
    );
    const meBefore = await withSession(t, cookie, me);
    expect(meBefore.json()).toMatchObject({ username: 'cso-admin', secondFactorOk: false });

    const started = await withSession(t, cookie, { method: 'POST', url: '/api/v1/me/totp' });
    expect(started.statusCode).toBe(201);
    const { secret } = started.json<{ secret: string }>();
    const confirmed = await withSession(t, cookie, {
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      payload: { code: totpAt(secret, t.clock.now()) },
    });
    expect(confirmed.statusCode).toBe(204);

    const session = await t.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', hashCredential(cookie))
      .executeTakeFirstOrThrow();
    expect(session.second_factor_ok).toBe(1);
    expect((await withSession(t, cookie, { method: 'GET', url: '/api/v1/users' })).statusCode).toBe(200);
    expect((await withSession(t, cookie, me)).json()).toMatchObject({
      secondFactorOk: true,
      totpEnrolled: true,
    });
  });

  it('may sign out before enrolling', async () => {
    const cookie = await signIn(t, 'ssd-admin');
    const out = await withSession(t, cookie, { method: 'DELETE', url: '/api/v1/sessions/current' });
    expect(out.statusCode).toBe(204);
    expectError(await withSession(t, cookie, me), 401, 'unauthenticated');
  });
});

describe('origin check on cookie-authenticated writes', () => {
  const enrol = { method: 'POST', url: '/api/v1/me/totp' } as const;

  const userRow = rowById(t, 'users');
  async function pendingSecretOf(key: string) {
    return decrypted(t, (await userRow(t.users[key]!.id)).totp_pending_secret_enc);
  }

  const refused = [
    { name: 'no Origin', headers: { host: 'localhost' } },
    { name: 'another site', headers: { host: 'localhost', origin: 'https://evil.example' } },
    { name: 'a sibling port', headers: { host: 'localhost', origin: 'http://localhost:8081' } },
    { name: 'an opaque origin', headers: { host: 'localhost', origin: 'null' } },
    {
      name: 'the same host over another scheme',
      headers: { host: 'localhost', origin: 'https://localhost' },
    },
  ];
  for (const { name, headers } of refused) {
    it(`refuses a write from ${name} with 403 origin_mismatch and changes nothing`, async () => {
      const cookie = await signIn(t, 'ssd-observer');
      const res = await withSession(t, cookie, { ...enrol, headers }, { origin: false });
      expectError(res, 403, 'origin_mismatch');
      expect(await pendingSecretOf('ssd:observer')).toBeNull();
    });
  }

  it('accepts a write whose Origin matches the Host', async () => {
    const cookie = await signIn(t, 'ssd-observer');
    const res = await withSession(t, cookie, { ...enrol, headers: sameOrigin }, { origin: false });
    expect(res.statusCode).toBe(201);
    expect(await pendingSecretOf('ssd:observer')).toBe(res.json<{ secret: string }>().secret);
  });

  it('accepts a configured origin that differs from the Host (a reverse proxy)', async () => {
    const proxied = await createTestApp({ allowedOrigins: ['https://jsms.example.org'] });
    try {
      const cookie = await signIn(proxied, 'ssd-observer');
      const headers = { host: 'internal:8080', origin: 'https://jsms.example.org' };
      const res = await withSession(proxied, cookie, { ...enrol, headers }, { origin: false });
      expect(res.statusCode).toBe(201);
    } finally {
      await proxied.close();
    }
  });

  it('takes the scheme from X-Forwarded-Proto behind a trusted TLS proxy', async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const cookie = await signIn(proxied, 'ssd-observer');
      const https = {
        host: 'jsms.example.org',
        origin: 'https://jsms.example.org',
        'x-forwarded-proto': 'https',
      };
      const res = await withSession(proxied, cookie, { ...enrol, headers: https }, { origin: false });
      expect(res.statusCode).toBe(201);
      const downgraded = { ...https, origin: 'http://jsms.example.org' };
      const refused = await withSession(
        proxied,
        cookie,
        { ...enrol, headers: downgraded },
        { origin: false },
      );
      expectError(refused, 403, 'origin_mismatch');
    } finally {
      await proxied.close();
    }
  });

  it('needs no Origin for a read by cookie, nor for a write by bearer token', async () => {
    const cookie = await signIn(t, 'ssd-observer');
    expect((await withSession(t, cookie, me, { origin: false })).statusCode).toBe(200);
    const res = await t.request('ssd:observer', enrol);
    expect(res.statusCode).toBe(201);
  });
});
