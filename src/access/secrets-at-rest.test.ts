import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, latestAudit, system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { testDatabaseUrl } from '../../test/helpers/database.js';
import { decrypted, expectAudited, login, signIn, withSession } from '../../test/helpers/routes.js';
import { sqliteFileOf } from '../platform/db/connect.js';
import { generateTotpSecret, totpAt } from './totp.js';

/**
 * TOTP secrets are encrypted at rest like the registry's personal data: neither the SQLite file
 * (with its write-ahead log) nor PostgreSQL's table data holds one in clear, whichever way it was
 * written (assigned by the command line, enrolled through the API, left pending). Usernames are
 * not encrypted, so finding them in the same bytes shows that the search looks where the data is.
 */
const t = useTestApp({ config: { logLevel: 'silent' } });
const secrets: string[] = [];
const usernames = ['ssd-admin', 'cso-coordinator', 'ssd-observer'];

beforeAll(async () => {
  // Assigned, as `jsms user add` does for an admin.
  secrets.push((await t.services.users.assignTotp(system, t.users['ssd:admin']!.id)).secret);
  // Enrolled through the API and confirmed.
  const cookie = await signIn(t, 'cso-coordinator');
  const started = await withSession(t, cookie, { method: 'POST', url: '/api/v1/me/totp' });
  const enrolled = started.json<{ secret: string }>().secret;
  const confirmed = await withSession(t, cookie, {
    method: 'POST',
    url: '/api/v1/me/totp/confirm',
    payload: { code: totpAt(enrolled, t.clock.now()) },
  });
  expect(confirmed.statusCode).toBe(204);
  secrets.push(enrolled);
  // Started and left pending.
  const pending = await t.request('ssd:observer', { method: 'POST', url: '/api/v1/me/totp' });
  secrets.push(pending.json<{ secret: string }>().secret);
  expect(secrets.every((s) => /^[A-Z2-7]{32}$/.test(s))).toBe(true);
});

/** Which of `needles` occur in `haystack`. */
function occurring(haystack: Buffer, needles: readonly string[]): string[] {
  return needles.filter((n) => haystack.includes(Buffer.from(n, 'utf8')));
}

describe('TOTP secrets', () => {
  it('are stored as field-cipher values that decrypt to the secret', async () => {
    const rows = await t.db
      .selectFrom('users')
      .select(['username', 'totp_secret_enc', 'totp_pending_secret_enc'])
      .where('username', 'in', usernames)
      .orderBy('username')
      .execute();
    const stored = rows.map((r) => r.totp_secret_enc ?? r.totp_pending_secret_enc);
    for (const value of stored) expect(value).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(rows.map((r) => decrypted(t, r.totp_secret_enc ?? r.totp_pending_secret_enc))).toEqual([
      secrets[1],
      secrets[0],
      secrets[2],
    ]);
  });

  it('still check sign-in codes', async () => {
    t.clock.advance(60_000);
    const res = await login(t, 'ssd-admin', { totp: totpAt(secrets[0]!, t.clock.now()) });
    expect(res.statusCode).toBe(201);
  });
});

describe.skipIf(Boolean(testDatabaseUrl))('the SQLite file and its write-ahead log', () => {
  const file = () => sqliteFileOf(t.database.dataDir);
  const read = (path: string) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));

  it('hold no clear TOTP secret, before and after a checkpoint', async () => {
    const before = Buffer.concat([read(file()), read(`${file()}-wal`)]);
    expect(occurring(before, usernames)).toEqual(usernames);
    expect(occurring(before, secrets)).toEqual([]);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.db);
    const after = read(file());
    expect(occurring(after, usernames)).toEqual(usernames);
    expect(occurring(after, secrets)).toEqual([]);
  });
});

describe.skipIf(!testDatabaseUrl)('PostgreSQL table data', () => {
  it('holds no clear TOTP secret in any table', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db);
    const dump: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(
        t.db,
      );
      dump.push(...rows.rows.map((r) => r.row));
    }
    const text = Buffer.from(dump.join('\n'), 'utf8');
    expect(occurring(text, usernames)).toEqual(usernames);
    expect(occurring(text, secrets)).toEqual([]);
  });
});

describe('clear TOTP secrets left by an earlier version', () => {
  it('are encrypted at start, each account audited, and keep working', async () => {
    const old = await createTestApp({ logLevel: 'silent' });
    try {
      const admin = old.users['cso:admin']!;
      const clear = generateTotpSecret();
      const pending = generateTotpSecret();
      await old.db
        .updateTable('users')
        .set({ totp_secret_enc: clear, totp_pending_secret_enc: pending })
        .where('id', '=', admin.id)
        .execute();
      expect(await old.services.users.encryptClearTotpSecrets(system)).toBe(1);
      const row = await old.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', admin.id)
        .executeTakeFirstOrThrow();
      expect(row.totp_secret_enc).toMatch(/^v1\./);
      expect(decrypted(old, row.totp_secret_enc)).toBe(clear);
      expect(decrypted(old, row.totp_pending_secret_enc)).toBe(pending);
      await expectAudited(old, 'user.totp_secret_encrypted', admin.id, {
        actorType: 'system',
        party: 'cso',
        fields: ['totp_pending_secret_enc', 'totp_secret_enc'],
      });
      // Once done, a second start finds nothing to do and writes nothing.
      const seq = (await latestAudit(old.db))[0]!.seq;
      expect(await old.services.users.encryptClearTotpSecrets(system)).toBe(0);
      expect((await latestAudit(old.db))[0]!.seq).toBe(seq);
      const res = await login(old, admin.username, { totp: totpAt(clear, old.clock.now()) });
      expect(res.statusCode).toBe(201);
    } finally {
      await old.close();
    }
  });
});
