import { describe, expect, it } from 'vitest';
import { testPassword } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import {
  postJsonText,
  auditCount,
  decrypted,
  expectAudited,
  expectError,
  expectNoSecrets,
  login,
  rowById,
  sameOrigin,
  signIn,
  withSession,
} from '../../test/helpers/routes.js';
import { stepAt, totpAt } from './totp.js';

// The signed-in user's own account: password and TOTP enrolment (routes in session.routes.ts).
const t = useTestApp({ each: true });

const userRow = rowById(t, 'users');

describe('POST /api/v1/me/password', () => {
  it('changes the password: the old one stops working, and the entry holds no password', async () => {
    const user = t.users['cso:person']!;
    const cookie = await signIn(t, user.username);
    const oldHash = (
      await t.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    const newPassword = 'a brand new passphrase 42';
    const res = await withSession(t, cookie, {
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: testPassword, newPassword },
    });
    expect(res.statusCode).toBe(200);
    // The user's one API token went with the old password.
    expect(res.json()).toEqual({ revokedTokens: 1 });
    const row = await userRow(user.id);
    expect(row.password_hash).not.toBe(oldHash);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(newPassword);
    const audit = await expectAudited(t, 'user.password_changed', user.id, {
      actorType: 'user',
      by: user.id,
      party: 'cso',
      fields: ['password_hash'],
    });
    expectNoSecrets(audit, [newPassword, testPassword, row.password_hash]);
    expectError(await login(t, user.username), 401, 'invalid_credentials');
    expect((await login(t, user.username, { password: newPassword })).statusCode).toBe(201);
  });

  const refusals = [
    {
      payload: { newPassword: 'long enough passphrase' },
      status: 400,
      code: 'validation_failed',
      field: 'body.currentPassword',
    },
    {
      payload: { currentPassword: testPassword },
      status: 400,
      code: 'validation_failed',
      field: 'body.newPassword',
    },
    {
      payload: { currentPassword: testPassword, newPassword: 'too short' },
      status: 400,
      code: 'validation_failed',
      field: 'body.newPassword',
    },
    {
      payload: { currentPassword: 'wrong current one', newPassword: 'long enough passphrase' },
      status: 401,
      code: 'invalid_credentials',
      field: 'body.currentPassword',
    },
  ];
  for (const { payload, status, code, field } of refusals) {
    it(`refuses ${JSON.stringify(Object.keys(payload))} with ${status} ${code} naming ${field}`, async () => {
      const before = await auditCount(t);
      const res = await t.request('ssd:analyst', { method: 'POST', url: '/api/v1/me/password', payload });
      expectError(res, status, code, field);
      // Only a wrong guess at the current password is audited: it is an attempt on a secret.
      expect(await auditCount(t)).toBe(before + (code === 'invalid_credentials' ? 1 : 0));
      expect((await login(t, 'ssd-analyst')).statusCode).toBe(201);
    });
  }
});

describe('POST /api/v1/me/totp', () => {
  it('starts enrolment with a pending secret, and the entry holds no secret', async () => {
    const user = t.users['ssd:observer']!;
    const res = await t.request('ssd:observer', { method: 'POST', url: '/api/v1/me/totp' });
    expect(res.statusCode).toBe(201);
    const { secret, otpauthUri } = res.json<{ secret: string; otpauthUri: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(
      `otpauth://totp/JSMS%3Assd-observer?secret=${secret}&issuer=JSMS&algorithm=SHA1&digits=6&period=30`,
    );
    const row = await userRow(user.id);
    // Stored encrypted: the clear secret is only in the answer.
    expect(row).toMatchObject({ totp_secret_enc: null, totp_last_step: null });
    expect(row.totp_pending_secret_enc).not.toContain(secret);
    expect(decrypted(t, row.totp_pending_secret_enc)).toBe(secret);
    const audit = await expectAudited(t, 'user.totp_enrolment_started', user.id, {
      by: user.id,
      party: 'ssd',
      fields: ['totp_pending_secret_enc'],
    });
    expectNoSecrets(audit, [secret]);
  });

  it('refuses a body that is not JSON with 400 invalid_json', async () => {
    expectError(await postJsonText(t, 'ssd:observer', '/api/v1/me/totp', '{"broken'), 400, 'invalid_json');
  });
});

describe('POST /api/v1/me/totp/confirm', () => {
  it('makes the pending secret the second factor once a code from it matches', async () => {
    const user = t.users['cso:coordinator']!;
    const started = await t.request('cso:coordinator', { method: 'POST', url: '/api/v1/me/totp' });
    const { secret } = started.json<{ secret: string }>();
    t.clock.advance(45_000);
    const code = totpAt(secret, t.clock.now());
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      payload: { code },
    });
    expect(res.statusCode).toBe(204);
    const row = await userRow(user.id);
    expect(row).toMatchObject({ totp_pending_secret_enc: null, totp_last_step: stepAt(t.clock.now()) });
    expect(decrypted(t, row.totp_secret_enc)).toBe(secret);
    const audit = await expectAudited(t, 'user.totp_enrolled', user.id, {
      by: user.id,
      party: 'cso',
      fields: ['totp_last_step', 'totp_pending_secret_enc', 'totp_secret_enc'],
    });
    expectNoSecrets(audit, [secret, code]);
    const me = await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({ totpEnrolled: true });
    // The code just used cannot sign in again: it is the last used step.
    expectError(await login(t, user.username, { totp: code }), 401, 'invalid_credentials');
  });

  it('answers 400 validation_failed for a code that is not six digits', async () => {
    await t.request('cso:coordinator', { method: 'POST', url: '/api/v1/me/totp' });
    for (const payload of [{}, { code: 'abcdef' }, { code: '12345' }]) {
      const res = await t.request('cso:coordinator', {
        method: 'POST',
        url: '/api/v1/me/totp/confirm',
        payload,
      });
      expectError(res, 400, 'validation_failed', 'body.code');
    }
  });

  it('answers 401 totp_invalid for a wrong code and leaves the account without TOTP', async () => {
    const started = await t.request('cso:coordinator', { method: 'POST', url: '/api/v1/me/totp' });
    const { secret } = started.json<{ secret: string }>();
    const valid = [-30_000, 0, 30_000].map((d) => totpAt(secret, new Date(t.clock.now().getTime() + d)));
    const wrong = ['000000', '000001', '000002', '000003'].find((c) => !valid.includes(c))!;
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      payload: { code: wrong },
    });
    expectError(res, 401, 'totp_invalid', 'body.code');
    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', t.users['cso:coordinator']!.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).toBeNull();
    expect(decrypted(t, row.totp_pending_secret_enc)).toBe(secret);
  });

  it('answers 409 conflict when no enrolment was started', async () => {
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      payload: { code: '123456' },
    });
    expectError(res, 409, 'conflict');
  });

  it('accepts a same-origin confirm from a browser session', async () => {
    const cookie = await signIn(t, 'ssd-analyst');
    const started = await withSession(t, cookie, { method: 'POST', url: '/api/v1/me/totp' });
    const { secret } = started.json<{ secret: string }>();
    const res = await withSession(t, cookie, {
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: sameOrigin,
      payload: { code: totpAt(secret, t.clock.now()) },
    });
    expect(res.statusCode).toBe(204);
  });
});

describe('PUT /api/v1/me/language', () => {
  it('keeps the language with the account: /me and the next sign-in answer it, and it is audited', async () => {
    const user = t.users['cso:coordinator']!;
    const me = async () => (await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/me' })).json();
    expect((await me()).language).toBeNull();
    const res = await t.request('cso:coordinator', {
      method: 'PUT',
      url: '/api/v1/me/language',
      payload: { language: 'zh' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ language: 'zh' });
    await expectAudited(t, 'user.language_set', user.id, { by: user.id, party: 'cso', fields: ['language'] });
    expect((await me()).language).toBe('zh');
    expect((await login(t, user.username)).json().user.language).toBe('zh');
    // Another user's choice is their own.
    expect(
      (await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/me' })).json().language,
    ).toBeNull();
    // The same choice again changes nothing and writes nothing.
    const before = await auditCount(t);
    await t.request('cso:coordinator', {
      method: 'PUT',
      url: '/api/v1/me/language',
      payload: { language: 'zh' },
    });
    expect(await auditCount(t)).toBe(before);
  });

  it('answers 400 naming body.language for a language the app does not speak, changing nothing', async () => {
    const before = await auditCount(t);
    const res = await t.request('ssd:analyst', {
      method: 'PUT',
      url: '/api/v1/me/language',
      payload: { language: 'fr' },
    });
    expectError(res, 400, 'validation_failed', 'body.language');
    expect(await auditCount(t)).toBe(before);
    expect((await t.request('ssd:analyst', { method: 'GET', url: '/api/v1/me' })).json().language).toBeNull();
  });
});
