import { describe, expect, it } from 'vitest';
import { system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import {
  expectAudited,
  expectError,
  login,
  signIn,
  withBearer,
  withSession,
} from '../../test/helpers/routes.js';
import { totpAt } from './totp.js';

// Who may mint an API token: a signed-in person, with a fresh second factor if they have one.
const t = useTestApp({ each: true });

const create = (payload: Record<string, unknown> = { name: 'script' }) => ({
  method: 'POST' as const,
  url: '/api/v1/tokens',
  payload,
});

async function tokenCount() {
  const rows = await t.db.selectFrom('api_tokens').select('id').execute();
  return rows.length;
}

/** A code of the step `steps` ahead of the clock, one that has not been used yet. */
function codeAhead(secret: string, steps: number) {
  return totpAt(secret, new Date(t.clock.now().getTime() + steps * 30_000));
}

describe('a token cannot mint a token', () => {
  it('refuses a request authenticated by an API token with 403 interactive_session_required', async () => {
    const before = await tokenCount();
    expectError(await t.request('ssd:analyst', create()), 403, 'interactive_session_required');
    expect(await tokenCount()).toBe(before);
  });

  it('refuses a token minted from a session too, so a stolen token cannot renew itself', async () => {
    const cookie = await signIn(t, 'cso-analyst');
    const res = await withSession(t, cookie, create());
    expect(res.statusCode).toBe(201);
    const { secret } = res.json<{ secret: string }>();
    expectError(await withBearer(t, secret, create()), 403, 'interactive_session_required');
  });
});

describe('a user with an authenticator app gives a fresh code to mint a token', () => {
  async function enrolledAdmin() {
    const user = t.users['ssd:admin']!;
    const { secret } = await t.services.users.assignTotp(system, user.id);
    const cookie = await signIn(t, user.username, { totp: totpAt(secret, t.clock.now()) });
    return { user, secret, cookie };
  }

  it('answers 401 totp_required naming totp without a code, and creates nothing', async () => {
    const { cookie } = await enrolledAdmin();
    const before = await tokenCount();
    expectError(await withSession(t, cookie, create()), 401, 'totp_required', 'body.totp');
    expect(await tokenCount()).toBe(before);
  });

  it('refuses the code used to sign in: it was spent there', async () => {
    const { secret, cookie } = await enrolledAdmin();
    const res = await withSession(t, cookie, create({ name: 'x', totp: totpAt(secret, t.clock.now()) }));
    expectError(res, 401, 'totp_invalid', 'body.totp');
  });

  it('refuses a wrong code, audits and counts it; accepts a fresh one, once', async () => {
    const { user, secret, cookie } = await enrolledAdmin();
    const before = await tokenCount();
    const next = codeAhead(secret, 1);
    const wrong = ['000000', '000001', '000002'].find((c) => c !== next && c !== codeAhead(secret, 0))!;
    expectError(
      await withSession(t, cookie, create({ name: 'x', totp: wrong })),
      401,
      'totp_invalid',
      'body.totp',
    );
    await expectAudited(t, 'user.token_refused', user.id, {
      by: user.id,
      fields: [],
      details: { reason: 'totp' },
    });
    const failures = await t.db
      .selectFrom('login_attempts')
      .select('failures')
      .where('key', '=', `pair:${user.username}|127.0.0.1`)
      .executeTakeFirstOrThrow();
    expect(failures.failures).toBe(1);
    expect(await tokenCount()).toBe(before);

    const ok = await withSession(t, cookie, create({ name: 'admin script', totp: next }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await tokenCount()).toBe(before + 1);
    // The success forgave this client's failures.
    const pair = await t.db
      .selectFrom('login_attempts')
      .select('failures')
      .where('key', '=', `pair:${user.username}|127.0.0.1`)
      .executeTakeFirst();
    expect(pair).toBeUndefined();
    expectError(await withSession(t, cookie, create({ name: 'again', totp: next })), 401, 'totp_invalid');
  });

  it('is throttled: after 5 wrong codes the right one waits too', async () => {
    const { secret, cookie } = await enrolledAdmin();
    for (let i = 0; i < 5; i++) {
      expectError(await withSession(t, cookie, create({ name: 'x', totp: '999999' })), 401, 'totp_invalid');
    }
    const res = await withSession(t, cookie, create({ name: 'x', totp: codeAhead(secret, 1) }));
    expectError(res, 429, 'login_throttled');
  });

  it('needs no code from a user without an authenticator app', async () => {
    const cookie = await signIn(t, 'cso-coordinator');
    expect((await withSession(t, cookie, create())).statusCode).toBe(201);
  });
});

describe('a TOTP code works once', () => {
  it('of three sign-ins presenting the same code at once, exactly one succeeds', async () => {
    const user = t.users['cso:admin']!;
    const { secret } = await t.services.users.assignTotp(system, user.id);
    const code = totpAt(secret, t.clock.now());
    const results = await Promise.all(
      ['10.3.0.1', '10.3.0.2', '10.3.0.3'].map((remoteAddress) =>
        login(t, user.username, { totp: code, remoteAddress }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 401, 401]);
  });
});
