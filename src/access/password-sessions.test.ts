import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, system, type TestApp } from '../../test/helpers/app.js';
import { expectError, signIn, withSession } from '../../test/helpers/routes.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

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
    expect(res.statusCode).toBe(204);
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
