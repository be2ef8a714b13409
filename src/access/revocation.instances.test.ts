import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { expectError, sameOrigin, signIn } from '../../test/helpers/routes.js';
import { secondInstance } from '../../test/helpers/second-instance.js';
import { sessionCookie } from './auth.hook.js';

// Two server instances on one database, each with its own connection: what one revokes, ends or
// disables, the other refuses on its very next request (each request reads the access generation).
const t = useTestApp();
let other: Awaited<ReturnType<typeof secondInstance>>;
beforeAll(async () => {
  other = await secondInstance(t);
  await other.app.ready();
});
afterAll(() => other.close());

const me = { method: 'GET', url: '/api/v1/me' } as const;
const bearer = (secret: string, options: InjectOptions = me): InjectOptions => ({
  ...options,
  headers: { authorization: `Bearer ${secret}` },
});

describe('revocation on one instance takes effect on another at once', () => {
  it('refuses an API token revoked on the other instance', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'script' },
      headers: sameOrigin,
      cookies: { [sessionCookie]: await signIn(t, 'ssd-analyst') },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { token, secret } = created.json<{ token: { id: string }; secret: string }>();
    expect((await other.app.inject(bearer(secret))).statusCode).toBe(200);
    const revoked = await t.app.inject(
      bearer(secret, { method: 'POST', url: `/api/v1/tokens/${token.id}/revoke` }),
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    expectError(await other.app.inject(bearer(secret)), 401, 'unauthenticated');
  });

  it('refuses a session ended on the other instance', async () => {
    const cookie = await signIn(t, 'cso-observer');
    const onOther = () => other.app.inject({ ...me, cookies: { [sessionCookie]: cookie } });
    expect((await onOther()).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/sessions/current',
      headers: sameOrigin,
      cookies: { [sessionCookie]: cookie },
    });
    expect(out.statusCode, out.body).toBe(204);
    expectError(await onOther(), 401, 'unauthenticated');
  });

  it('refuses a user disabled on the other instance, by token and by session', async () => {
    const cookie = await signIn(t, 'cso-analyst');
    const secret = t.users['cso:analyst']!.token;
    const bySession = () => other.app.inject({ ...me, cookies: { [sessionCookie]: cookie } });
    expect((await other.app.inject(bearer(secret))).statusCode).toBe(200);
    expect((await bySession()).statusCode).toBe(200);
    const id = t.users['cso:analyst']!.id;
    const disabled = await t.request('cso:admin', { method: 'POST', url: `/api/v1/users/${id}/disable` });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expectError(await other.app.inject(bearer(secret)), 401, 'unauthenticated');
    expectError(await bySession(), 401, 'unauthenticated');
  });
});
