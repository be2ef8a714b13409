import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers/use-test-app.js';
import { auditCount } from './helpers/routes.js';

// Finding 4 of issue 7: a 109k-row person import held /healthz for 27 s and a 16 MiB incident dry
// run for 12 s. On a real listening server, large imports now run while every /healthz answers
// at once, and they still store every good row and name every bad one. The sizes are what CI runs
// in seconds; on the code as it landed, on SQLite, each held the loop for longer than the bound.
const healthzBoundMs = 1000;

/** Asks /healthz one request after another until `work` settles; returns each answer's time. */
async function probeWhile<T>(base: string, work: Promise<T>): Promise<{ result: T; latencies: number[] }> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const began = performance.now();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    latencies.push(performance.now() - began);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { result: await settled, latencies };
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const began = performance.now();
  const value = await work;
  return { value, ms: performance.now() - began };
}

describe('large imports on a listening server', () => {
  const t = useTestApp({
    config: { logLevel: 'warn' },
    setup: async () => {
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    },
  });
  let base: string;

  const post = (who: string, path: string, body: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.users[who]!.token}`, 'content-type': 'text/csv' },
      body,
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));

  /**
   * Posts an import as `who` while probing /healthz; asserts it answered 200, that /healthz answered
   * at least three times, each within the bound, and that the import outlasted every probe. Returns
   * the import's answer.
   */
  async function importWhileProbing(who: string, path: string, file: string) {
    const { result, latencies } = await probeWhile(base, timed(post(who, path, file)));
    expect(result.value.status, JSON.stringify(result.value.body).slice(0, 500)).toBe(200);
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...latencies)).toBeLessThan(healthzBoundMs);
    expect(result.ms).toBeGreaterThan(Math.max(...latencies));
    return result.value.body;
  }

  /** A person file of `count` rows; lines 101 and 1001 (bad nationality, bad blood group) and 2001 (a repeated passport) are bad. */
  function personFile(count: number): string {
    const lines = ['name,nationality,passport_number,employer,phone,blood_group,status'];
    for (let i = 0; i < count; i++) {
      const passport = `E${String(i).padStart(8, '0')}`;
      lines.push(`Person ${i},CN,${passport},Demo Hydro,+92 300 ${1_000_000 + i},O+,in_country`);
    }
    lines[100] = 'Bad Nationality,China,E90000001,,,,in_country';
    lines[1000] = 'Bad Blood,CN,E90000002,,,Z+,in_country';
    lines[2000] = 'Repeated Passport,CN,E00000001,,,,in_country';
    return lines.join('\r\n') + '\r\n';
  }
  const badPersonRows = [
    { line: 101, field: 'nationality', message: expect.stringContaining('two-letter') },
    { line: 1001, field: 'blood_group', message: expect.any(String) },
    { line: 2001, field: 'passport_number', message: expect.stringContaining('already registered') },
  ];
  /** What a partial import of `personFile(count)` answers: every row but the three bad ones, named. */
  const personImportAnswer = (count: number, dryRun: boolean) => ({
    encoding: 'utf-8',
    rows: count,
    imported: count - 3,
    dryRun,
    rejected: badPersonRows,
  });

  it('checks a 50,000-row person file while /healthz keeps answering, with bad rows named', async () => {
    const count = 50_000;
    const body = await importWhileProbing(
      'cso:coordinator',
      '/api/v1/persons/import?partial=true&dryRun=true',
      personFile(count),
    );
    expect(body).toEqual(personImportAnswer(count, true));
  }, 180_000);

  it('stores a 3,000-row person import while /healthz keeps answering, every good row audited', async () => {
    const count = 3000;
    const auditBefore = await auditCount(t);
    const body = await importWhileProbing(
      'cso:coordinator',
      '/api/v1/persons/import?partial=true',
      personFile(count),
    );
    expect(body).toEqual(personImportAnswer(count, false));
    const stored = await t.db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('party_id', '=', 'cso')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(count - 3);
    expect(await auditCount(t)).toBe(auditBefore + count - 3);
  }, 180_000);

  it('dry-runs a 20,000-row incident file while /healthz keeps answering, with bad rows named', async () => {
    const count = 20_000;
    const lines = [
      'date,province,place,lat,lon,type,perpetrator,target,killed_best,wounded_best,status,source_key',
    ];
    for (let i = 0; i < count; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + (i % 12)).padStart(2, '0');
      lines.push(
        `2023-${month}-${day},Balochistan,"Place ${i}, district ${i % 40}",${(28 + (i % 100) / 100).toFixed(2)},66.${i % 90},ied,BLA,security_forces,${i % 7},${i % 11},reported,gen:${i}`,
      );
    }
    lines[200] = '2023-13-40,Balochistan,Nowhere,28.1,66.1,ied,BLA,civilians,1,0,reported,gen:bad1';
    lines[15000] =
      '2023-05-05,Balochistan,Nowhere,28.1,66.1,teleportation,BLA,civilians,1,0,reported,gen:bad2';

    const body = await importWhileProbing(
      'ssd:analyst',
      '/api/v1/incidents/import?format=jsms&dryRun=true',
      lines.join('\n') + '\n',
    );
    expect(body).toMatchObject({
      rows: count,
      added: count - 2,
      duplicates: 0,
      dryRun: true,
      rejected: [
        { line: 201, field: 'date' },
        { line: 15001, field: 'type' },
      ],
    });
    const stored = await t.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  }, 180_000);
});
