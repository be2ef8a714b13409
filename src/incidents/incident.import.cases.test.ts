import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../test/helpers/agreement.js';
import type { TestApp } from '../../test/helpers/app.js';
import { runJsms } from '../../test/helpers/cli.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

/** A Pakistan Body Count style sheet: killed and injured as a minimum and a maximum column. */
const minMaxMapping = `
dateFormat: DD/MM/YYYY
sourceKeyPrefix: pbc
fields:
  sourceKey: S#
  date: Date
  province: Province
  place: City
  type: { column: Attack, map: { Gun attack: armed_assault, Suicide: suicide_attack }, default: other }
  killed: { low: Killed Min, high: Killed Max }
  wounded: { low: Injured Min, high: Injured Max }
`;

/**
 * Runs `jsms import incidents` on a CSV with a mapping in the test app's data directory, with
 * `--report`, and returns the exit status, the output and the report's rows.
 */
function importWithCli(t: TestApp, csv: string, mapping: string, ...extra: string[]) {
  const dir = t.database.dataDir;
  writeFileSync(`${dir}/import.csv`, csv);
  writeFileSync(`${dir}/mapping.yaml`, mapping);
  const env = { JSMS_DATA_DIR: dir, DATABASE_URL: t.database.databaseUrl ?? '' };
  const res = runJsms(
    [
      'import',
      'incidents',
      `${dir}/import.csv`,
      '--format',
      'csv',
      '--mapping',
      `${dir}/mapping.yaml`,
    ].concat(['--report', `${dir}/report.csv`], extra),
    env,
  );
  const report = parse(readFileSync(`${dir}/report.csv`, 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  return { ...res, report };
}

describe('every estimate counted (issue 9, part 1)', () => {
  const t = useTestApp();

  it('counts a toll given only as a maximum in the default report, as low, best and high', async () => {
    const analyst = actorOf(t, 'ssd:analyst');
    const csv = [
      'S#,Date,City,Province,Killed Min,Killed Max,Injured Min,Injured Max,Attack',
      // The Army Public School attack: the sheet records its toll only in the maximum columns.
      '1,16/12/2014,Peshawar,KPK,,148,,125,Gun attack',
      '2,02/11/2014,Wagah,Punjab,55,60,,,Suicide',
      '3,09/11/2014,Quetta,Balochistan,4,,7,,Gun attack',
    ].join('\n');
    const report = await t.services.importIncidents(analyst, csv, { format: 'csv', mapping: minMaxMapping });
    expect(report).toMatchObject({ added: 3, rejected: [] });
    const rows = await t.db
      .selectFrom('incidents')
      .select([
        'place',
        'killed_low',
        'killed_best',
        'killed_high',
        'wounded_low',
        'wounded_best',
        'wounded_high',
      ])
      .orderBy('date')
      .execute();
    expect(rows).toEqual([
      {
        place: 'Wagah',
        killed_low: 55,
        killed_best: 55,
        killed_high: 60,
        wounded_low: null,
        wounded_best: null,
        wounded_high: null,
      },
      {
        place: 'Quetta',
        killed_low: 4,
        killed_best: 4,
        killed_high: 4,
        wounded_low: 7,
        wounded_best: 7,
        wounded_high: 7,
      },
      {
        place: 'Peshawar',
        killed_low: 148,
        killed_best: 148,
        killed_high: 148,
        wounded_low: 125,
        wounded_best: 125,
        wounded_high: 125,
      },
    ]);

    const period = { from: '2014-10-01', to: '2014-12-31', compare: 'none' } as const;
    const best = await t.services.reports.report(analyst, period);
    expect(best.estimate).toBe('best');
    expect(best.totals).toMatchObject({
      killed: 148 + 55 + 4,
      killedLow: 148 + 55 + 4,
      killedBest: 148 + 55 + 4,
      killedHigh: 148 + 60 + 4,
      wounded: 125 + 7,
    });
    expect(best.deadliest[0]).toMatchObject({ place: 'Peshawar', killed: 148 });
    const high = await t.services.reports.report(analyst, { ...period, estimate: 'high' });
    expect(high.totals).toMatchObject({ killed: 148 + 60 + 4, killedBest: 148 + 55 + 4 });
    expect(high.method).toContain('count the high estimate');
  });

  it('shows low, best and high side by side in every format and names the one it counts', async () => {
    const query = 'from=2014-10-01&to=2014-12-31&compare=none&estimate=low';
    const get = (format: string) =>
      t.request('ssd:analyst', { method: 'GET', url: `/api/v1/reports/period/${format}?${query}` });
    const text = (await get('text')).body;
    expect(text).toContain('Counting the low estimate of each toll (killed: low 207, best 207, high 212).');
    expect(text).toContain('killed low 207, best 207, high 212 (the report counts the low)');
    const csv = (await get('csv')).body;
    expect(csv).toContain('total_low,2014-10-01..2014-12-31,3,207,132,,\r\n');
    expect(csv).toContain('total_high,2014-10-01..2014-12-31,3,212,132,,\r\n');
    expect(csv).toContain('estimate,low,');
    const html = (await get('html')).body;
    expect(html).toContain('<th>low</th><th>best</th><th>high</th>');
    expect(html).toContain('count the low estimate');
  });
});

/** A sheet with a bad cell in each count column, and a quoted newline that sets records and lines apart. */
const badCells = [
  'S#,Date,City,Province,Killed Min,Killed Max,Injured Min,Injured Max,Attack',
  '1,16/12/2014,Peshawar,KPK,,148,,125,Gun attack',
  '2,05/10/2017,"Jhal Magsi\n(Fatehpur shrine)",Balochistan,20,22,30,https://example.org/jhal-magsi,Suicide',
  '3,07/03/2016,Shabqadar,KPK,17,-17,,30,Suicide',
  '4,17/06/2004,Karachi,Sindh,many,,12,15,Gun attack',
  '5,31/06/2004,Karachi,Sindh,1,1,,,Gun attack',
  '6,02/11/2014,Wagah,Punjab,60,55,,,Suicide',
].join('\n');

describe('one bad cell never loses a record (issue 9, part 2)', () => {
  const t = useTestApp();

  it('imports each row whose count cell cannot be read, and lists every warning and repair in the API answer', async () => {
    const res = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents/import',
      payload: { format: 'csv', csv: badCells, mapping: minMaxMapping },
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer).toMatchObject({ rows: 6, added: 5, repaired: 1 });
    // Records are numbered as a spreadsheet shows them; after the quoted newline the line is one more.
    expect(answer.warnings).toEqual([
      {
        record: 3,
        line: 3,
        kind: 'warning',
        field: 'Injured Max',
        message:
          '"https://example.org/jhal-magsi" is not a number of people (write 12, 10-15 or 40+): left unknown',
      },
      {
        record: 4,
        line: 5,
        kind: 'warning',
        field: 'Killed Max',
        message: '"-17" is not a number of people (write 12, 10-15 or 40+): left unknown',
      },
      {
        record: 5,
        line: 6,
        kind: 'warning',
        field: 'Killed Min',
        message: '"many" is not a number of people (write 12, 10-15 or 40+): left unknown',
      },
    ]);
    expect(answer.repairs).toEqual([
      { record: 7, line: 8, kind: 'repaired', field: 'Killed Min', message: 'low 60 above high 55: swapped' },
    ]);
    expect(answer.rejected).toEqual([
      { record: 6, line: 7, field: 'Date', message: '"31/06/2004" is not a date (expected DD/MM/YYYY)' },
    ]);
    const rows = await t.db
      .selectFrom('incidents')
      .select(['place', 'killed_low', 'killed_best', 'killed_high', 'wounded_best', 'wounded_high'])
      .orderBy('date')
      .execute();
    expect(rows).toEqual([
      // Only the unreadable field is unknown; the figure beside it stands alone as low, best and high.
      {
        place: 'Karachi',
        killed_low: null,
        killed_best: null,
        killed_high: null,
        wounded_best: 12,
        wounded_high: 15,
      },
      {
        place: 'Wagah',
        killed_low: 55,
        killed_best: 55,
        killed_high: 60,
        wounded_best: null,
        wounded_high: null,
      },
      {
        place: 'Peshawar',
        killed_low: 148,
        killed_best: 148,
        killed_high: 148,
        wounded_best: 125,
        wounded_high: 125,
      },
      {
        place: 'Shabqadar',
        killed_low: 17,
        killed_best: 17,
        killed_high: 17,
        wounded_best: 30,
        wounded_high: 30,
      },
      {
        place: 'Jhal Magsi\n(Fatehpur shrine)',
        killed_low: 20,
        killed_best: 20,
        killed_high: 22,
        wounded_best: 30,
        wounded_high: 30,
      },
    ]);
  });

  it('jsms import incidents lists every warning and repair, and --report writes each named row as CSV', () => {
    const res = importWithCli(t, badCells, minMaxMapping, '--dry-run');
    const { report } = res;
    expect(res.status, res.stderr).toBe(2);
    expect(res.stderr.split('\n').filter(Boolean)).toEqual([
      'jsms: warning: line 3, Injured Max: "https://example.org/jhal-magsi" is not a number of people (write 12, 10-15 or 40+): left unknown (record 3)',
      'jsms: warning: line 5, Killed Max: "-17" is not a number of people (write 12, 10-15 or 40+): left unknown (record 4)',
      'jsms: warning: line 6, Killed Min: "many" is not a number of people (write 12, 10-15 or 40+): left unknown (record 5)',
      'jsms: repaired: line 8, Killed Min: low 60 above high 55: swapped (record 7)',
      'jsms: rejected: line 7, Date: "31/06/2004" is not a date (expected DD/MM/YYYY) (record 6)',
    ]);
    // The test before stored the same five rows.
    expect(res.stdout).toContain('6 rows (utf-8): would add 0, 5 duplicates skipped, 1 rejected');
    expect(res.stdout).toContain('1 repaired, 3 cells left unknown');
    expect(report.map((r) => [r.record, r.line, r.outcome, r.column])).toEqual([
      ['3', '3', 'warning', 'Injured Max'],
      ['4', '5', 'warning', 'Killed Max'],
      ['5', '6', 'warning', 'Killed Min'],
      ['6', '7', 'rejected', 'Date'],
      ['7', '8', 'repaired', 'Killed Min'],
    ]);
    expect(report[3]!.reason).toBe('"31/06/2004" is not a date (expected DD/MM/YYYY)');
  });
});

/** A sheet without source keys: the fuzzy key (date, place, toll) is all that could match. */
const keyless = minMaxMapping.replace('  sourceKey: S#\n', '');

describe('duplicates found, never silently dropped (issue 9, part 4)', () => {
  const t = useTestApp();
  const post = (csv: string, mapping: string, dryRun = false) =>
    t.request('ssd:analyst', {
      method: 'POST',
      url: `/api/v1/incidents/import${dryRun ? '?dryRun=true' : ''}`,
      payload: { format: 'csv', csv, mapping },
    });

  it('keeps rows of one file that share date, place and toll, and skips only identical ones', async () => {
    const csv = [
      'S#,Date,City,Province,Killed Min,Killed Max,Injured Min,Injured Max,Attack',
      // Two attacks in Quetta on one day, each killing two: different records.
      '1,08/08/2016,Quetta,Balochistan,2,2,,,Gun attack',
      '2,08/08/2016,Quetta,Balochistan,2,2,,,Suicide',
      // The first row again, exactly: the same record written twice.
      '3,08/08/2016,Quetta,Balochistan,2,2,,,Gun attack',
    ].join('\n');
    const res = await post(csv, keyless);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3, added: 2, duplicates: 1, possibleDuplicates: [] });
    const stored = await t.db
      .selectFrom('incidents')
      .select(['type', 'dedupe_key'])
      .orderBy('type')
      .execute();
    expect(stored).toEqual([
      { type: 'armed_assault', dedupe_key: '2016-08-08|quetta|2' },
      { type: 'suicide_attack', dedupe_key: '2016-08-08|quetta|2' },
    ]);
  });

  it('stores a row matching an incident of an earlier import by date, place and toll, and lists it', async () => {
    const before = await t.db
      .selectFrom('incidents')
      .select('id')
      .where('type', '=', 'armed_assault')
      .execute();
    const csv = [
      'S#,Date,City,Province,Killed Min,Killed Max,Injured Min,Injured Max,Attack',
      '1,08/08/2016,Quetta,Balochistan,2,2,5,5,Gun attack',
      '2,09/08/2016,Quetta,Balochistan,1,1,,,Gun attack',
    ].join('\n');
    const dry = (await post(csv, minMaxMapping, true)).json();
    expect(dry).toMatchObject({ added: 2, duplicates: 0 });
    // Either earlier Quetta incident may be named; both share the key.
    expect(dry.possibleDuplicates).toEqual([
      { record: 2, line: 2, id: null, duplicateOf: expect.any(String) as unknown as string },
    ]);
    const res = await post(csv, minMaxMapping);
    expect(res.json()).toMatchObject({ added: 2, duplicates: 0 });
    const [listed] = res.json().possibleDuplicates;
    expect(res.json().possibleDuplicates).toHaveLength(1);
    expect(listed).toMatchObject({ record: 2, line: 2 });
    const stored = await t.db.selectFrom('incidents').select(['id', 'dedupe_key']).execute();
    expect(stored.find((r) => r.id === listed.id)?.dedupe_key).toBe('2016-08-08|quetta|2');
    expect(stored.find((r) => r.id === listed.duplicateOf)?.dedupe_key).toBe('2016-08-08|quetta|2');
    expect(before.map((r) => r.id)).not.toContain(listed.id);

    // The same file again: its source keys make it add nothing, and nothing is listed.
    const again = await post(csv, minMaxMapping);
    expect(again.json()).toMatchObject({ added: 0, duplicates: 2, possibleDuplicates: [] });
  });

  it('jsms import incidents names each possible duplicate and the incident it may repeat', () => {
    const csv = [
      'Date,City,Province,Killed Min,Killed Max,Injured Min,Injured Max,Attack',
      // The 9 August attack again, now with its wounded: not the stored account, but maybe the same event.
      '09/08/2016,Quetta,Balochistan,1,1,3,3,Gun attack',
    ].join('\n');
    const res = importWithCli(t, csv, keyless);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(
      /^jsms: possible duplicate: line 2, row: stored as [0-9a-f-]{36}; same date, place and toll as incident [0-9a-f-]{36} \(record 2\)\n$/,
    );
    expect(res.stdout).toContain('added 1, 0 duplicates skipped');
    expect(res.stdout).toContain('1 possible duplicates');
    expect(res.report.map((r) => [r.record, r.line, r.outcome])).toEqual([['2', '2', 'possible duplicate']]);

    // A row without a source key that repeats a stored account exactly is that record again.
    const repeat = importWithCli(t, csv, keyless);
    expect(repeat.stdout).toContain('added 0, 1 duplicates skipped');
    expect(repeat.stdout).toContain('0 possible duplicates');
  });
});
