import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { expectError, login } from '../../test/helpers/routes.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

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

describe('login throttling per account', () => {
  it('lets 5 failures through, then answers 429 with Retry-After, even for the right password', async () => {
    await fail('ssd-analyst', 5, '10.0.0.1');
    expectThrottled(await login(t, 'ssd-analyst', { remoteAddress: '10.0.0.1' }), 1);
    // Another address does not help: the count is the account's.
    expectThrottled(await login(t, 'ssd-analyst', { remoteAddress: '10.0.0.2' }), 1);
    // A refused attempt is not counted as a failure.
    expect(await failuresOf('account:ssd-analyst')).toBe(5);
    // Other accounts are not affected.
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
    expect(await failuresOf('account:cso-observer')).toBe(6);
    t.clock.advance(60 * 60_000);
    // Exactly an hour after the last failure the old count is stale: this one starts a new count.
    await fail('cso-observer', 1, '10.0.0.4');
    expect(await failuresOf('account:cso-observer')).toBe(1);
  });

  it('clears the account count on success', async () => {
    await fail('ssd-commander', 4, '10.0.0.5');
    expect((await login(t, 'ssd-commander', { remoteAddress: '10.0.0.5' })).statusCode).toBe(201);
    expect(await failuresOf('account:ssd-commander')).toBeUndefined();
    // Without the reset these would make 8 failures and the next attempt would wait.
    await fail('ssd-commander', 4, '10.0.0.5');
    expect((await login(t, 'ssd-commander', { remoteAddress: '10.0.0.5' })).statusCode).toBe(201);
    // The address keeps its count: a success on one account does not clear a spraying address.
    expect(await failuresOf('address:10.0.0.5')).toBe(8);
  });

  it('counts usernames case-insensitively', async () => {
    await fail('SSD-Analyst', 3, '10.0.0.6');
    await fail('ssd-analyst', 2, '10.0.0.6');
    expectThrottled(await login(t, 'Ssd-Analyst', { remoteAddress: '10.0.0.6' }), 1);
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

describe('concurrent failures', () => {
  it('all count, however many arrive at once (one upsert each)', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        login(t, 'cso-observer', { password: wrong, remoteAddress: `10.9.0.${i}` }),
      ),
    );
    for (const res of results) expectError(res, 401, 'invalid_credentials');
    expect(await failuresOf('account:cso-observer')).toBe(5);
  });
});
