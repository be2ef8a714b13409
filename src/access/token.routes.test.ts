import { describe, expect, it } from 'vitest';
import { latestAudit } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { ownedRecordCases } from '../../test/helpers/owned-records.js';
import {
  createApiToken,
  expectAudited,
  expectError,
  expectNoSecrets,
  rowById,
  signIn,
  withBearer,
} from '../../test/helpers/routes.js';
import { hashCredential } from './credentials.js';

const t = useTestApp({ each: true });

const tokenRow = rowById(t, 'api_tokens');

async function tokenIdOf(key: string) {
  const row = await t.db
    .selectFrom('api_tokens')
    .select('id')
    .where('user_id', '=', t.users[key]!.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

ownedRecordCases(t, {
  record: 'API token',
  routes: (id) => [{ method: 'POST', url: `/api/v1/tokens/${id}/revoke` }],
  notFound: 'token_not_found',
  caller: 'cso:coordinator',
  row: tokenRow,
  others: ['ssd:analyst', 'cso:analyst'].map((owner) => ({
    what: `a token of ${owner}`,
    create: () => tokenIdOf(owner),
    status: 404 as const,
    code: 'token_not_found',
  })),
});

describe('API tokens', () => {
  it('GET /api/v1/tokens lists only the caller’s own tokens, never a secret or hash', async () => {
    const res = await t.request('ssd:analyst', { method: 'GET', url: '/api/v1/tokens' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          id: await tokenIdOf('ssd:analyst'),
          name: 'test',
          createdAt: '2026-11-28T08:00:00.000Z',
          expiresAt: null,
          // The request just made counts as use.
          lastUsedAt: '2026-11-28T08:00:00.000Z',
          revoked: false,
        },
      ],
    });
    expect(res.body).not.toContain(t.users['ssd:analyst']!.token);
    expect(res.body).not.toContain(hashCredential(t.users['ssd:analyst']!.token));
  });

  it('POST /api/v1/tokens issues a token acting as the caller; the secret is shown once', async () => {
    const user = t.users['cso:commander']!;
    const cookie = await signIn(t, user.username);
    const { token, secret } = await createApiToken(t, cookie, { name: 'nightly export', expiresInDays: 30 });
    expect(secret).toMatch(/^jsa_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'nightly export',
      createdAt: '2026-11-28T08:00:00.000Z',
      expiresAt: '2026-12-28T08:00:00.000Z',
      lastUsedAt: null,
      revoked: false,
    });
    const row = await tokenRow(token.id);
    expect(row).toMatchObject({
      user_id: user.id,
      name: 'nightly export',
      token_hash: hashCredential(secret),
      expires_at: '2026-12-28T08:00:00.000Z',
      revoked_at: null,
    });
    const audit = await expectAudited(t, 'token.created', token.id, {
      actorType: 'user',
      by: user.id,
      party: 'cso',
      fields: ['expires_at', 'name'],
    });
    expectNoSecrets(audit, [secret, hashCredential(secret)]);
    const me = await withBearer(t, secret, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({ id: user.id, username: 'cso-commander' });
  });

  for (const [payload, field] of <const>[
    [{}, 'body.name'],
    [{ name: '' }, 'body.name'],
    [{ name: 'x'.repeat(101) }, 'body.name'],
    [{ name: 'ok', expiresInDays: 0 }, 'body.expiresInDays'],
    [{ name: 'ok', expiresInDays: 1.5 }, 'body.expiresInDays'],
    [{ name: 'ok', expiresInDays: 3651 }, 'body.expiresInDays'],
  ]) {
    it(`POST /api/v1/tokens answers 400 naming ${field} for ${JSON.stringify(payload).slice(0, 40)}`, async () => {
      const res = await t.request('cso:commander', { method: 'POST', url: '/api/v1/tokens', payload });
      expectError(res, 400, 'validation_failed', field);
      expect(await t.db.selectFrom('api_tokens').selectAll().execute()).toHaveLength(11);
    });
  }

  it('POST /api/v1/tokens/:id/revoke revokes one of the caller’s tokens, once', async () => {
    const user = t.users['ssd:coordinator']!;
    const cookie = await signIn(t, user.username);
    const { token, secret } = await createApiToken(t, cookie, { name: 'laptop' });
    t.clock.advance(90_000);
    const res = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/tokens/${token.id}/revoke`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: token.id, name: 'laptop', revoked: true });
    const row = await tokenRow(token.id);
    expect(row.revoked_at).toBe('2026-11-28T08:01:30.000Z');
    const audit = await expectAudited(t, 'token.revoked', token.id, {
      by: user.id,
      party: 'ssd',
      fields: ['revoked_at'],
    });
    expectNoSecrets(audit, [secret]);
    expectError(await withBearer(t, secret, { method: 'GET', url: '/api/v1/me' }), 401, 'unauthenticated');
    const seq = audit[0]!.seq;
    const again = await t.request('ssd:coordinator', {
      method: 'POST',
      url: `/api/v1/tokens/${token.id}/revoke`,
    });
    expect(again.json()).toMatchObject({ revoked: true });
    expect((await latestAudit(t.db))[0]!.seq).toBe(seq);
  });
});
