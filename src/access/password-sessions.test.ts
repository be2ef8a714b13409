import { describe, expect, it } from 'vitest';
import { latestAudit, system, testPassword } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import {
  createApiToken,
  expectError,
  parsedAudit,
  signIn,
  withBearer,
  withSession,
} from '../../test/helpers/routes.js';

const t = useTestApp({ each: true });

const me = { method: 'GET', url: '/api/v1/me' } as const;

describe('a new password signs out whoever knew the old one', () => {
  it('changing your own password ends your other sessions and keeps this one', async () => {
    const here = await signIn(t, 'cso-analyst');
    const elsewhere = await signIn(t, 'cso-analyst');
    const res = await withSession(t, here, {
      method: 'POST',
      url: '/api/v1/me/password',
      payload: {
        currentPassword: 'correct horse battery staple',
        newPassword: 'a much longer new passphrase',
      },
    });
    expect(res.statusCode).toBe(200);
    expect((await withSession(t, here, me)).statusCode).toBe(200);
    expectError(await withSession(t, elsewhere, me), 401, 'unauthenticated');
  });

  it("an admin's reset ends every session of the user", async () => {
    const session = await signIn(t, 'cso-observer');
    await t.services.users.resetPassword(system, t.users['cso:observer']!.id);
    expectError(await withSession(t, session, me), 401, 'unauthenticated');
    const ended = await t.db
      .selectFrom('sessions')
      .select('ended_at')
      .where('user_id', '=', t.users['cso:observer']!.id)
      .execute();
    expect(ended.every((s) => s.ended_at !== null)).toBe(true);
  });
});

describe('a new password revokes the API tokens minted under the old one', () => {
  async function liveTokensOf(key: string) {
    const rows = await t.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', t.users[key]!.id)
      .where('revoked_at', 'is', null)
      .execute();
    return rows.length;
  }

  it('changing your own password revokes all your tokens in the same change, and says how many', async () => {
    const user = t.users['ssd:analyst']!;
    const cookie = await signIn(t, user.username);
    const { secret: stolen, token } = await createApiToken(t, cookie, { name: 'stolen one' });
    expect((await withBearer(t, stolen, me)).statusCode).toBe(200);
    const res = await withSession(t, cookie, {
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: testPassword, newPassword: 'a much longer new passphrase' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revokedTokens: 2 });
    expectError(await withBearer(t, stolen, me), 401, 'unauthenticated');
    expectError(await t.request('ssd:analyst', me), 401, 'unauthenticated');
    expect(await liveTokensOf('ssd:analyst')).toBe(0);
    // Others' tokens are untouched.
    expect((await t.request('ssd:observer', me)).statusCode).toBe(200);
    // One entry per revoked token, then the password change, in one transaction.
    const audit = (await latestAudit(t.db, 3)).map(parsedAudit).reverse();
    expect(audit.map((a) => [a.action, a.entity_type])).toEqual([
      ['token.revoked', 'token'],
      ['token.revoked', 'token'],
      ['user.password_changed', 'user'],
    ]);
    expect(audit.map((a) => a.entity_id)).toContain(token.id);
    expect(new Set(audit.map((a) => a.at)).size).toBe(1);
  });

  it('a wrong current password revokes nothing', async () => {
    const res = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'not it at all', newPassword: 'a much longer new passphrase' },
    });
    expectError(res, 401, 'invalid_credentials');
    expect(await liveTokensOf('ssd:analyst')).toBe(1);
  });

  it("an admin's reset revokes the user's tokens and says how many", async () => {
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: `/api/v1/users/${t.users['cso:observer']!.id}/reset-password`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ revokedTokens: 1, password: expect.any(String) });
    expectError(await t.request('cso:observer', me), 401, 'unauthenticated');
    expect(await liveTokensOf('cso:observer')).toBe(0);
    expect((await t.request('cso:admin', me)).statusCode).toBe(200);
  });
});
