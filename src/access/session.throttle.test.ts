import { describe, expect, it } from 'vitest';
import { auditEntries, latestAudit, testPassword } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { expectError, login, parsedAudit } from '../../test/helpers/routes.js';

const t = useTestApp({ each: true });

const wrong = 'not the password at all';

/** Fails `count` sign-ins for `username` from `remoteAddress`, each with 401. */
async function fail(username: string, count: number, remoteAddress: string) {
  for (let i = 0; i < count; i++) {
    const res = await login(t, username, { password: wrong, remoteAddress });
    expectError(res, 401, 'invalid_credentials');
  }
}

function expectThrottled(res: Awaited<ReturnType<typeof login>>, seconds: number) {
  expectError(res, 429, 'login_throttled');
  expect(res.headers['retry-after']).toBe(String(seconds));
  expect(res.json()).toMatchObject({ error: { details: { retryAfterSeconds: seconds } } });
  expect(res.cookies).toHaveLength(0);
}

async function failuresOf(key: string) {
  const row = await t.db
    .selectFrom('login_attempts')
    .select('failures')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.failures;
}

async function countAudit(action: string) {
  return (await auditEntries(t.db, action)).length;
}

describe('login throttling per account and address', () => {
  it('lets 5 failures through, then answers 429 with Retry-After, even for the right password', async () => {
    await fail('ssd-analyst', 5, '10.0.0.1');
    expectThrottled(await login(t, 'ssd-analyst', { remoteAddress: '10.0.0.1' }), 1);
    // A refused attempt is not counted as a failure.
    expect(await failuresOf('pair:ssd-analyst|10.0.0.1')).toBe(5);
    // The real user elsewhere is not locked out: the count is this client's.
    expect((await login(t, 'ssd-analyst', { remoteAddress: '10.0.0.2' })).statusCode).toBe(201);
    // Other accounts from the same address are not affected.
    expect((await login(t, 'ssd-observer', { remoteAddress: '10.0.0.1' })).statusCode).toBe(201);
  });

  it('allows trying again once the delay has passed', async () => {
    await fail('ssd-analyst', 5, '10.0.0.1');
    t.clock.advance(999);
    expectThrottled(await login(t, 'ssd-analyst', { remoteAddress: '10.0.0.1' }), 1);
    t.clock.advance(1);
    expect((await login(t, 'ssd-analyst', { remoteAddress: '10.0.0.1' })).statusCode).toBe(201);
  });

  it('doubles the delay with each further failure, up to 15 minutes, and never locks for good', async () => {
    await fail('cso-analyst', 5, '10.0.0.3');
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await login(t, 'cso-analyst', { password: wrong, remoteAddress: '10.0.0.3' });
      expect(res.statusCode).toBe(429);
      const seconds = Number(res.headers['retry-after']);
      waits.push(seconds);
      t.clock.advance(seconds * 1000);
      await fail('cso-analyst', 1, '10.0.0.3');
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]);
    expectThrottled(await login(t, 'cso-analyst', { remoteAddress: '10.0.0.3' }), 900);
    t.clock.advance(900_000);
    expect((await login(t, 'cso-analyst', { remoteAddress: '10.0.0.3' })).statusCode).toBe(201);
  });

  it('forgets failures after an hour of quiet', async () => {
    await fail('cso-observer', 5, '10.0.0.4');
    t.clock.advance(59 * 60_000);
    await fail('cso-observer', 1, '10.0.0.4');
    expect(await failuresOf('pair:cso-observer|10.0.0.4')).toBe(6);
    t.clock.advance(60 * 60_000);
    // Exactly an hour after the last failure the old count is stale: this one starts a new count.
    await fail('cso-observer', 1, '10.0.0.4');
    expect(await failuresOf('pair:cso-observer|10.0.0.4')).toBe(1);
    expect(await failuresOf('account:cso-observer')).toBe(1);
    expect(await failuresOf('address:10.0.0.4')).toBe(1);
  });

  it("clears the pair's count on success, and takes only its own attempt off the others", async () => {
    await fail('ssd-commander', 4, '10.0.0.5');
    expect((await login(t, 'ssd-commander', { remoteAddress: '10.0.0.5' })).statusCode).toBe(201);
    expect(await failuresOf('pair:ssd-commander|10.0.0.5')).toBeUndefined();
    // Without the reset these would make 8 failures and the next attempt would wait.
    await fail('ssd-commander', 4, '10.0.0.5');
    expect((await login(t, 'ssd-commander', { remoteAddress: '10.0.0.5' })).statusCode).toBe(201);
    // The address keeps its count: a success on one account does not clear a spraying address.
    expect(await failuresOf('address:10.0.0.5')).toBe(8);
    expect(await failuresOf('account:ssd-commander')).toBe(8);
  });

  it('counts usernames case-insensitively', async () => {
    await fail('SSD-Analyst', 3, '10.0.0.6');
    await fail('ssd-analyst', 2, '10.0.0.6');
    expectThrottled(await login(t, 'Ssd-Analyst', { remoteAddress: '10.0.0.6' }), 1);
  });
});

describe('login throttling per account from anywhere', () => {
  it('only slows: after failures from many addresses the right password from a clean one signs in', async () => {
    for (let i = 0; i < 30; i++) await fail('cso-coordinator', 1, `198.51.100.${i}`);
    expect(await failuresOf('account:cso-coordinator')).toBe(30);
    const before = t.clock.sleeps.length;
    const res = await login(t, 'cso-coordinator', { remoteAddress: '203.0.113.7' });
    expect(res.statusCode).toBe(201);
    // It waited, but no more than the ceiling of 2 s.
    const slept = t.clock.sleeps.slice(before);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(0);
    expect(slept[0]).toBeLessThanOrEqual(2000);
    // Every failure was slowed within the same ceiling.
    expect(Math.max(...t.clock.sleeps)).toBeLessThanOrEqual(2000);
  });
});

describe('login throttling per client address', () => {
  it('slows an address that fails across many accounts, but not other addresses', async () => {
    for (let i = 0; i < 20; i++) await fail(`guess-${i}`, 1, '192.0.2.9');
    expect(await failuresOf('address:192.0.2.9')).toBe(20);
    expectThrottled(await login(t, 'cso-person', { remoteAddress: '192.0.2.9' }), 1);
    expect((await login(t, 'cso-person', { remoteAddress: '192.0.2.10' })).statusCode).toBe(201);
    t.clock.advance(1000);
    expect((await login(t, 'cso-person', { remoteAddress: '192.0.2.9' })).statusCode).toBe(201);
  });
});

describe('a second factor at sign-in', () => {
  it('answers a right password without a code, or with a wrong one, like a wrong password, and counts it', async () => {
    const user = t.users['ssd:admin']!;
    await t.services.users.assignTotp({ type: 'system', id: 'test', partyId: null }, user.id);
    const wrongPassword = await login(t, user.username, { password: wrong, remoteAddress: '10.1.0.1' });
    const noCode = await login(t, user.username, { remoteAddress: '10.1.0.1' });
    const badCode = await login(t, user.username, { totp: '000000', remoteAddress: '10.1.0.1' });
    for (const res of [wrongPassword, noCode, badCode]) expectError(res, 401, 'invalid_credentials');
    // Nothing in the answer tells them apart.
    const strip = (body: string) => body.replace(/"requestId":"[^"]*"/, '');
    expect(new Set([wrongPassword, noCode, badCode].map((r) => strip(r.body))).size).toBe(1);
    expect(await failuresOf(`pair:${user.username}|10.1.0.1`)).toBe(3);
    const entries = (await latestAudit(t.db, 3)).map(parsedAudit);
    expect(entries.map((entry) => entry.fields)).toEqual([[], [], []]);
    expect(entries.map((entry) => entry.details)).toEqual([
      { reason: 'totp' },
      { reason: 'totp_missing' },
      { reason: 'password' },
    ]);
    await fail(user.username, 2, '10.1.0.1');
    expectThrottled(await login(t, user.username, { remoteAddress: '10.1.0.1' }), 1);
  });
});

describe('POST /api/v1/me/password', () => {
  const change = (currentPassword: string) => ({
    method: 'POST' as const,
    url: '/api/v1/me/password',
    payload: { currentPassword, newPassword: 'another long passphrase' },
  });

  it('is throttled like signing in, and audits each wrong guess', async () => {
    for (let i = 0; i < 5; i++) {
      expectError(
        await t.request('ssd:analyst', change(wrong)),
        401,
        'invalid_credentials',
        'body.currentPassword',
      );
    }
    expect(await countAudit('user.password_change_failed')).toBe(5);
    const audit = parsedAudit((await latestAudit(t.db))[0]);
    expect(audit).toMatchObject({
      action: 'user.password_change_failed',
      actor_id: t.users['ssd:analyst']!.id,
      entity_id: t.users['ssd:analyst']!.id,
      party_id: 'ssd',
      fields: [],
      details: { reason: 'current_password' },
    });
    // The sixth try waits, even with the right password, and changes nothing.
    const res = await t.request('ssd:analyst', change(testPassword));
    expectError(res, 429, 'login_throttled');
    expect(res.headers['retry-after']).toBe('1');
    expect(await countAudit('user.password_changed')).toBe(0);
    expect(await countAudit('user.password_change_failed')).toBe(5);
  });
});

describe('parallel guessing against a listening server', () => {
  it('admits no more than the free failures to the password check', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const guess = () =>
      fetch(`${address}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cso-observer', password: wrong }),
      });
    const responses = await Promise.all(Array.from({ length: 50 }, guess));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    for (const res of responses.filter((r) => r.status === 429)) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await countAudit('user.sign_in_failed')).toBe(5);
    expect(await failuresOf('pair:cso-observer|127.0.0.1')).toBe(5);
    // The real user, from another address, still signs in.
    expect((await login(t, 'cso-observer', { remoteAddress: '10.2.0.1' })).statusCode).toBe(201);
  });
});
