import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../test/helpers/agreement.js';
import { system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { testDatabaseUrl } from '../../test/helpers/database.js';
import { personPayload } from '../../test/helpers/registry.js';
import { sqliteFileOf } from '../platform/db/connect.js';

/**
 * Passport numbers, phone numbers and emergency contacts are encrypted at rest: neither the SQLite
 * file (with its write-ahead log) nor PostgreSQL's table data holds them in clear text, whichever
 * way a person was written (API create, update, CSV import, the service). Names are not encrypted,
 * so finding them in the same bytes shows that the search looks where the data is.
 */

/** Every person written below, with the clear text that must not be stored. */
const people = {
  created: {
    name: 'Qian Duoduo',
    passportNumber: 'ZX4471902',
    phone: '+92 321 5550199',
    emergencyContact: 'Qian Meiling sister 13955501234',
  },
  updated: {
    name: 'Hu Xiaobo',
    passportNumber: 'UQ8830417',
    phone: '+92 333 4440177',
    emergencyContact: 'Hu Guoqiang father 13844402266',
  },
  imported: {
    name: 'Pei Jianguo',
    passportNumber: 'IM5550123',
    phone: '+92 345 6660123',
    emergencyContact: 'Pei Lan wife 13766603344',
  },
  viaService: {
    name: 'Tariq Mahmood Awan',
    passportNumber: 'PK7719023',
    phone: '+92 300 9990411',
    emergencyContact: 'Sadia Awan wife 03009990422',
  },
} as const;

/** The values an update replaces: they must not linger either. */
const replaced = {
  passportNumber: 'OLD7650321',
  phone: '+92 300 1112233',
  emergencyContact: 'Old Contact 4455',
};

const secrets = Object.values(people).flatMap((p) => [p.passportNumber, p.phone, p.emergencyContact]);
const allSecrets = [...secrets, ...Object.values(replaced)];
/** The phone numbers' digits alone, in case something stored them normalised. */
const phoneDigits = [...Object.values(people).map((p) => p.phone), replaced.phone].map((p) =>
  p.replace(/\D/g, ''),
);
const names = Object.values(people).map((p) => p.name);

/** Which of `needles` occur in `haystack` (UTF-8, and UTF-16 in case a page stores text so). */
function occurring(haystack: Buffer, needles: readonly string[]): string[] {
  return needles.filter(
    (n) => haystack.includes(Buffer.from(n, 'utf8')) || haystack.includes(Buffer.from(n, 'utf16le')),
  );
}

const t = useTestApp({ config: { logLevel: 'silent' } });
const ids: Record<keyof typeof people, string> = { created: '', updated: '', imported: '', viaService: '' };

beforeAll(async () => {
  const created = await t.request('cso:coordinator', {
    method: 'POST',
    url: '/api/v1/persons',
    payload: personPayload(people.created),
  });
  expect(created.statusCode, created.body).toBe(201);
  ids.created = created.json<{ id: string }>().id;

  const first = await t.request('cso:coordinator', {
    method: 'POST',
    url: '/api/v1/persons',
    payload: personPayload({ name: people.updated.name, ...replaced }),
  });
  expect(first.statusCode, first.body).toBe(201);
  ids.updated = first.json<{ id: string }>().id;
  const { name: _name, ...changes } = people.updated;
  const updated = await t.request('cso:coordinator', {
    method: 'PATCH',
    url: `/api/v1/persons/${ids.updated}`,
    payload: changes,
  });
  expect(updated.statusCode, updated.body).toBe(200);

  const p = people.imported;
  const imported = await t.request('cso:coordinator', {
    method: 'POST',
    url: '/api/v1/persons/import',
    headers: { 'content-type': 'text/csv' },
    payload: `name,nationality,passport_number,phone,emergency_contact\n${p.name},CN,${p.passportNumber},${p.phone},${p.emergencyContact}\n`,
  });
  expect(imported.statusCode, imported.body).toBe(200);
  expect(imported.json()).toMatchObject({ imported: 1 });
  const importedRow = await t.db
    .selectFrom('persons')
    .select('id')
    .where('name', '=', p.name)
    .executeTakeFirstOrThrow();
  ids.imported = importedRow.id;

  const viaService = await t.services.persons.create(system, {
    ...people.viaService,
    partyId: 'ssd',
    nationality: 'PK',
    status: 'in_country',
  });
  ids.viaService = viaService.id;
});

describe('encrypted fields of persons', () => {
  it('are returned decrypted to the owner, whichever way they were written', async () => {
    for (const [key, person] of Object.entries(people) as [
      keyof typeof people,
      (typeof people)['created'],
    ][]) {
      const who = key === 'viaService' ? 'ssd:coordinator' : 'cso:coordinator';
      const res = await t.request(who, { method: 'GET', url: `/api/v1/persons/${ids[key]}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject(person);
    }
    expect(
      await t.services.persons
        .get(await t.services.visibility.viewing(actorOf(t, 'cso:observer')), ids.updated)
        .then((p) => p.passportNumber),
    ).toBe(people.updated.passportNumber);
  });

  it('are stored as AES-GCM ciphertext, each value under its own nonce', async () => {
    const rows = await t.db
      .selectFrom('persons')
      .select(['name', 'passport_enc', 'phone_enc', 'emergency_contact_enc', 'passport_index'])
      .execute();
    expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
    for (const row of rows) {
      for (const value of [row.passport_enc, row.phone_enc, row.emergency_contact_enc]) {
        expect(value).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      }
      expect(row.passport_index).toMatch(/^[0-9a-f]{64}$/);
    }
    const ciphertexts = rows.flatMap((r) => [r.passport_enc, r.phone_enc, r.emergency_contact_enc]);
    expect(new Set(ciphertexts).size).toBe(ciphertexts.length);
  });
});

describe.skipIf(Boolean(testDatabaseUrl))(
  testDatabaseUrl
    ? 'the SQLite file (skipped: TEST_DATABASE_URL runs the suite on PostgreSQL)'
    : 'the SQLite file',
  () => {
    const file = () => sqliteFileOf(t.database.dataDir);
    const read = (path: string) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));

    it('and its write-ahead log hold no clear-text passport, phone or emergency contact', () => {
      expect(t.database.dialect).toBe('sqlite');
      const bytes = Buffer.concat([read(file()), read(`${file()}-wal`)]);
      expect(bytes.length).toBeGreaterThan(0);
      expect(occurring(bytes, names)).toEqual(names);
      expect(occurring(bytes, allSecrets)).toEqual([]);
      expect(occurring(bytes, phoneDigits)).toEqual([]);
    });

    it('holds none of them after a checkpoint moves the log into the file', async () => {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.db);
      expect(read(`${file()}-wal`).length).toBe(0);
      const bytes = read(file());
      // The names now sit in the main file: the same search would find a clear-text secret there.
      expect(occurring(bytes, names)).toEqual(names);
      expect(occurring(bytes, allSecrets)).toEqual([]);
      expect(occurring(bytes, phoneDigits)).toEqual([]);
    });
  },
);

describe.skipIf(!testDatabaseUrl)(
  testDatabaseUrl
    ? 'PostgreSQL table data'
    : 'PostgreSQL table data (skipped: set TEST_DATABASE_URL=postgres://… to run it)',
  () => {
    it('holds no clear-text passport, phone or emergency contact in any table', async () => {
      expect(t.database.dialect).toBe('postgres');
      const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db);
      const tableNames = tables.rows.map((r) => r.table_name);
      expect(tableNames).toEqual(expect.arrayContaining(['persons', 'audit_entries']));
      // Every row of every table of this test's schema, as PostgreSQL writes it out as text.
      const dump: string[] = [];
      for (const table of tableNames) {
        const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(
          t.db,
        );
        dump.push(...rows.rows.map((r) => `${table}: ${r.row}`));
      }
      const text = Buffer.from(dump.join('\n'), 'utf8');
      expect(occurring(text, names)).toEqual(names);
      expect(occurring(text, allSecrets)).toEqual([]);
      expect(occurring(text, phoneDigits)).toEqual([]);
    });
  },
);
