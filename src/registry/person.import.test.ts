import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TestApp } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { jsmsEnv, runJsms } from '../../test/helpers/cli.js';
import { actorOf } from '../../test/helpers/agreement.js';
import { auditCount, expectError } from '../../test/helpers/routes.js';

const header =
  'name,native_name,nationality,passport_number,employer,phone,emergency_contact,blood_group,site,status';

function csv(...rows: string[]): string {
  return [header, ...rows].join('\r\n') + '\r\n';
}

async function personCount(t: TestApp, partyId = 'cso'): Promise<number> {
  const row = await t.db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('party_id', '=', partyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const post = (t: TestApp, who: string, body: string, query = '') =>
  t.request(who, {
    method: 'POST',
    url: `/api/v1/persons/import${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: body,
  });

describe('person import', () => {
  const t = useTestApp({
    setup: async () => {
      await t.services.sites.create(actorOf(t, 'cso:coordinator'), {
        name: 'Dasu camp',
        kind: 'camp',
        lat: 35.29,
        lon: 73.29,
        protectionLevel: 5,
      });
    },
  });

  it('imports every row, resolving sites by name, with one audit entry each', async () => {
    const before = await auditCount(t);
    const res = await post(
      t,
      'cso:coordinator',
      csv(
        'Wang Wei,王伟,cn,E10000001,Demo Hydro,+92 300 1000001,"Li Na,\nwife",O+,Dasu camp,in_country',
        'Sana Malik,,PK,,Demo Hydro,,,,,',
      ),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ encoding: 'utf-8', rows: 2, imported: 2, rejected: [], dryRun: false });
    expect(await personCount(t)).toBe(2);
    expect(await auditCount(t)).toBe(before + 2);
    const list = await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/persons?q=wang' });
    expect(list.json().items[0]).toMatchObject({
      name: 'Wang Wei',
      nationality: 'CN',
      passportNumber: 'E10000001',
      emergencyContact: 'Li Na,\nwife',
      status: 'in_country',
    });
  });

  it('answers a malformed quote with 400 naming its line, not 500, and stores nothing', async () => {
    const before = await personCount(t);
    const res = await post(
      t,
      'cso:coordinator',
      csv('Chen Jun,,CN,E10000009,,,,,,', '"Zhao" Lei,,CN,,,,,,,'),
    );
    expectError(res, 400, 'validation_failed', 'body.file');
    expect(res.json().error.message).toMatch(/^Line 3: /);
    expect(await personCount(t)).toBe(before);
  });

  it('stores nothing when a row is bad, naming each bad row by line and field', async () => {
    const before = await personCount(t);
    const res = await post(
      t,
      'cso:coordinator',
      csv(
        'Chen Jun,,CN,E10000002,,,,,,',
        'Liu Fang,,China,E10000003,,,,,,', // line 3: nationality
        'Zhao Lei,,CN,E10000004,,,"Li Na,\nwife",Z+,,', // lines 4-5: blood group
        'Hu Min,,CN,E10000001,,,,,,', // line 6: passport already registered
        'Gao Tao,,CN,E10000005,,,,,Nowhere camp,', // line 7: site
        'Lin Yang,,CN,E10000002,,,,,,', // line 8: duplicate within the file
      ),
    );
    expectError(res, 400, 'import_rejected', 'body.nationality');
    expect(res.json().error.details.rejected).toEqual([
      { line: 3, field: 'nationality', message: expect.stringContaining('two-letter') },
      { line: 4, field: 'blood_group', message: expect.any(String) },
      { line: 6, field: 'passport_number', message: expect.stringContaining('already registered') },
      { line: 7, field: 'site', message: 'no site named Nowhere camp in party cso' },
      { line: 8, field: 'passport_number', message: expect.stringContaining('already registered') },
    ]);
    expect(res.json().error.message).toMatch(/^5 of 6 rows rejected \(first: line 3, nationality/);
    expect(await personCount(t)).toBe(before);
  });

  it('stores the good rows with partial=true, and nothing with dryRun=true', async () => {
    const body = csv('Sun Qiang,,CN,E20000001,,,,,,', 'Bad Row,,XXX,,,,,,,');
    const dry = await post(t, 'cso:coordinator', body, '?partial=true&dryRun=true');
    expect(dry.json()).toMatchObject({
      rows: 2,
      imported: 1,
      dryRun: true,
      rejected: [{ line: 3, field: 'nationality' }],
    });
    const before = await personCount(t);
    expect(before).toBe(2);
    const partial = await post(t, 'cso:coordinator', body, '?partial=true');
    expect(partial.json()).toMatchObject({ rows: 2, imported: 1, dryRun: false });
    expect(await personCount(t)).toBe(before + 1);
  });

  it('refuses an unknown column before reading any row', async () => {
    expectError(
      await post(t, 'cso:coordinator', 'name,nationality,shoe_size\nA,CN,42\n'),
      400,
      'validation_failed',
      'body.header',
    );
  });

  it('refuses the unauthenticated, roles without person.write, and a body that is not CSV', async () => {
    expectError(await post(t, null as unknown as string, csv('A,,CN,,,,,,,')), 401, 'unauthenticated');
    expectError(await post(t, 'cso:analyst', csv('A,,CN,,,,,,,')), 403, 'forbidden');
    const json = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/persons/import',
      payload: { name: 'x' },
    });
    expectError(json, 400, 'validation_failed', 'body');
  });

  it('registers into the caller’s own party only', async () => {
    const before = await personCount(t, 'ssd');
    const res = await post(t, 'ssd:coordinator', 'name,nationality\nHost Person,PK\n');
    expect(res.json()).toMatchObject({ imported: 1 });
    expect(await personCount(t, 'ssd')).toBe(before + 1);
  });

  it('decodes a Windows-1252 file once, where it is read, and reports its encoding', async () => {
    const bytes = Buffer.concat([
      Buffer.from('name,nationality\r\nRen'),
      Buffer.from([0xe9]), // é in Windows-1252
      Buffer.from(' Dubois,FR\r\n'),
    ]);
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/persons/import',
      headers: { 'content-type': 'text/csv' },
      payload: bytes,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      encoding: 'windows-1252',
      rows: 1,
      imported: 1,
      rejected: [],
      dryRun: false,
    });
    const list = await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/persons?q=dubois' });
    expect(list.json().items.map((p: { name: string }) => p.name)).toEqual(['René Dubois']);
  });
});

describe('jsms import persons', () => {
  const t = useTestApp();

  it('reports each rejected row on its own line, exits 2, and stores nothing', () => {
    const file = path.join(t.database.dataDir, 'persons.csv');
    // Private like everything in the data directory, which the CLI would otherwise tighten and say so.
    writeFileSync(file, csv('Wang Wei,,CN,E30000001,,,,,,', 'Li Jing,,ZZZ,,,,,,,'), { mode: 0o600 });
    const env = jsmsEnv(t.database);
    const bad = runJsms(['import', 'persons', file, '--party', 'cso'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /^jsms: import_rejected: 1 of 2 rows rejected \(first: line 3, nationality: .*\(field nationality\) \(row 3\)\n$/,
    );
    const partial = runJsms(['import', 'persons', file, '--party', 'cso', '--partial'], env);
    expect(partial.status).toBe(2);
    expect(partial.stderr).toMatch(/^jsms: rejected: line 3, nationality: /m);
    expect(partial.stdout).toBe('imported 1 of 2 rows; 1 rejected\n');
    const missing = runJsms(['import', 'persons', '/nonexistent.csv', '--party', 'cso'], env);
    expect(missing).toMatchObject({
      status: 2,
      stderr: 'jsms: validation_failed: Cannot read /nonexistent.csv: ENOENT (field FILE)\n',
    });
  }, 90_000); // three processes, two of them starting a parsing worker from source
});
