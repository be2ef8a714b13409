import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { actorOf } from '../../test/helpers/agreement.js';
import { expectError } from '../../test/helpers/routes.js';
import type { NewIncident } from './incident.rows.js';
import { change, previousPeriod, splitByMonth } from './report.js';

/**
 * A fixture with exactly the figures of a published quarterly report for Pakistan, July–September
 * 2024: 722 killed, 615 wounded, 328 incidents, a 90% rise in fatalities over the previous
 * quarter, nearly 97% of fatalities and over 92% of incidents in Khyber Pakhtunkhwa and Balochistan.
 */
const quarter: { province: string; incidents: number; killed: number; wounded: number }[] = [
  { province: 'Khyber Pakhtunkhwa', incidents: 200, killed: 450, wounded: 400 },
  { province: 'Balochistan', incidents: 103, killed: 250, wounded: 180 },
  { province: 'Sindh', incidents: 15, killed: 15, wounded: 25 },
  { province: 'Punjab', incidents: 10, killed: 7, wounded: 10 },
];
const previousQuarter = [
  { province: 'Khyber Pakhtunkhwa', incidents: 150, killed: 250, wounded: 300 },
  { province: 'Balochistan', incidents: 90, killed: 130, wounded: 110 },
];
const categories = ['civilians', 'security', 'militants'] as const;

/** Spreads a province's totals over its incidents, dates over the quarter, tolls over categories. */
function incidents(rows: typeof quarter, firstMonth: number, tag: string): NewIncident[] {
  const out: NewIncident[] = [];
  let serial = 0;
  for (const row of rows) {
    for (let i = 0; i < row.incidents; i++) {
      const share = (total: number) =>
        Math.floor(total / row.incidents) + (i < total % row.incidents ? 1 : 0);
      const killed = share(row.killed);
      const month = firstMonth + (serial % 3);
      const dayOfMonth = 1 + (serial % 28);
      out.push({
        sourceKey: `${tag}:${serial}`,
        date: `2024-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`,
        datePrecision: 'day',
        province: row.province === 'Khyber Pakhtunkhwa' && i % 2 ? 'KPK' : row.province, // spellings reconcile
        place: `${row.province} place ${i}`,
        type: i % 4 === 0 ? 'suicide_attack' : i % 4 === 1 ? 'ied' : 'armed_assault',
        perpetrator: i % 3 === 0 ? 'TTP' : i % 3 === 1 ? 'BLA' : null,
        target: i % 2 ? 'security_forces' : 'civilians',
        killed: { [categories[serial % 3]!]: killed, best: killed },
        wounded: { best: share(row.wounded) },
        status: 'confirmed',
        sources: [],
      });
      serial += 1;
    }
  }
  return out;
}

describe('the period report', () => {
  const current = incidents(quarter, 7, 'q3');
  const t = useTestApp({
    setup: async () => {
      const analyst = actorOf(t, 'ssd:analyst');
      // Outside both periods, on the edges: must not count.
      const edges: NewIncident[] = [
        { ...current[0]!, sourceKey: 'edge:1', date: '2024-10-01' },
        { ...current[1]!, sourceKey: 'edge:2', date: '2024-03-31' },
      ];
      await t.services.incidents.importMany(analyst, [
        ...current,
        ...incidents(previousQuarter, 4, 'q2'),
        ...edges,
      ]);
    },
  });

  const get = (query: string, who = 'cso:observer') =>
    t.request(who, { method: 'GET', url: `/api/v1/reports/period${query}` });

  it('has every figure of the quarterly: totals, shares, the worst two provinces and the change', async () => {
    const res = await get('?from=2024-07-01&to=2024-09-30');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.totals).toMatchObject({ incidents: 328, killed: 722, wounded: 615 });
    expect(report.previous.period).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(report.previous.totals).toMatchObject({ incidents: 240, killed: 380, wounded: 410 });
    expect(report.previous.change).toEqual({ incidents: 36.7, killed: 90, wounded: 50 });
    expect(report.topProvinces).toEqual({
      names: ['Khyber Pakhtunkhwa', 'Balochistan'],
      killedShare: 97,
      incidentsShare: 92.4,
    });
    expect(report.byProvince).toEqual([
      {
        name: 'Khyber Pakhtunkhwa',
        incidents: 200,
        killed: 450,
        wounded: 400,
        incidentsShare: 61,
        killedShare: 62.3,
        woundedShare: 65,
      },
      {
        name: 'Balochistan',
        incidents: 103,
        killed: 250,
        wounded: 180,
        incidentsShare: 31.4,
        killedShare: 34.6,
        woundedShare: 29.3,
      },
      {
        name: 'Sindh',
        incidents: 15,
        killed: 15,
        wounded: 25,
        incidentsShare: 4.6,
        killedShare: 2.1,
        woundedShare: 4.1,
      },
      {
        name: 'Punjab',
        incidents: 10,
        killed: 7,
        wounded: 10,
        incidentsShare: 3,
        killedShare: 1,
        woundedShare: 1.6,
      },
    ]);
    // Categories, types and months against sums computed here from the fixture itself.
    const sum = (pick: (i: NewIncident) => number, only: (i: NewIncident) => boolean = () => true) =>
      current.filter(only).reduce((n, i) => n + pick(i), 0);
    expect(report.totals).toMatchObject({
      killedCivilians: sum((i) => i.killed.civilians ?? 0),
      killedSecurity: sum((i) => i.killed.security ?? 0),
      killedMilitants: sum((i) => i.killed.militants ?? 0),
    });
    expect(report.totals.killedCivilians + report.totals.killedSecurity + report.totals.killedMilitants).toBe(
      722,
    );
    for (const type of ['suicide_attack', 'ied', 'armed_assault']) {
      expect(report.byType.find((g: { name: string }) => g.name === type)).toMatchObject({
        incidents: current.filter((i) => i.type === type).length,
        killed: sum(
          (i) => i.killed.best ?? 0,
          (i) => i.type === type,
        ),
      });
    }
    expect(report.monthly.map((m: { name: string }) => m.name)).toEqual(['2024-07', '2024-08', '2024-09']);
    expect(report.monthly.reduce((n: number, m: { killed: number }) => n + m.killed, 0)).toBe(722);
    expect(report.byPerpetrator.map((g: { name: string }) => g.name).sort()).toEqual([
      'BLA',
      'TTP',
      'Unknown',
    ]);
    expect(report.deadliest).toHaveLength(10);
    expect(report.deadliest[0].killed).toBe(Math.max(...current.map((i) => i.killed.best ?? 0)));
    expect(report.method).toContain('best estimate');
    expect(report.method).toContain('not reported, not zero');
  });

  it('says the same in text, CSV and a self-contained HTML page with charts', async () => {
    const text = await get('/text?from=2024-07-01&to=2024-09-30');
    expect(text.headers['content-type']).toContain('text/plain');
    expect(text.body).toContain(
      '722 killed (civilians, security personnel and militants), 615 wounded, 328 incidents between 2024-07-01 and 2024-09-30; fatalities +90% against 2024-04-01 to 2024-06-30; 97% of fatalities and 92.4% of incidents in Khyber Pakhtunkhwa and Balochistan.',
    );
    const csv = await get('/csv?from=2024-07-01&to=2024-09-30');
    expect(csv.body).toContain('total,2024-07-01..2024-09-30,328,722,615,100,100\r\n');
    expect(csv.body).toContain('change_percent,,36.7,90,50,,\r\n');
    expect(csv.body).toContain('top_provinces,Khyber Pakhtunkhwa + Balochistan,,,,92.4,97\r\n');
    const html = await get('/html?from=2024-07-01&to=2024-09-30');
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toMatch(/^<!doctype html>/);
    expect(html.body.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html.body).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html.body).toContain('Method:');
  });

  it('counts the high estimate when asked, and skips the comparison with compare=none', async () => {
    const res = await get('?from=2024-07-01&to=2024-09-30&estimate=high&compare=none');
    expect(res.json()).toMatchObject({ estimate: 'high', previous: null, totals: { killed: 722 } });
    expect(res.json().method).toContain('high estimate');
  });

  it('takes the incident list’s filters, for both periods, and names them in every format', async () => {
    // KPK is how half the fixture spells the province: the filter finds both spellings.
    const kp = await get('?from=2024-07-01&to=2024-09-30&province=KPK');
    expect(kp.statusCode, kp.body).toBe(200);
    expect(kp.json()).toMatchObject({
      filters: { province: 'Khyber Pakhtunkhwa' },
      totals: { incidents: 200, killed: 450, wounded: 400 },
      previous: { totals: { incidents: 150, killed: 250, wounded: 300 } },
    });
    expect(kp.json().byProvince.map((g: { name: string }) => g.name)).toEqual(['Khyber Pakhtunkhwa']);

    const only = (i: NewIncident) => i.type === 'suicide_attack' && i.perpetrator === 'TTP';
    const filtered = await get(
      '?from=2024-07-01&to=2024-09-30&type=suicide_attack&perpetrator=TTP&compare=none',
    );
    expect(filtered.json().totals).toMatchObject({
      incidents: current.filter(only).length,
      killed: current.filter(only).reduce((n, i) => n + (i.killed.best ?? 0), 0),
    });
    expect(filtered.json().byType.map((g: { name: string }) => g.name)).toEqual(['suicide_attack']);

    const text = await get('/text?from=2024-07-01&to=2024-09-30&province=Balochistan&status=confirmed');
    expect(text.body).toContain(
      'Only incidents with province Balochistan, status confirmed, in both periods.',
    );
    expect(text.body).toContain('103 incidents between 2024-07-01 and 2024-09-30');
    const csv = await get('/csv?from=2024-07-01&to=2024-09-30&province=Balochistan');
    expect(csv.body).toContain('filter,province=Balochistan,,,,,\r\n');
    const html = await get('/html?from=2024-07-01&to=2024-09-30&status=denied');
    expect(html.body).toContain('Only incidents with status denied, in both periods.');
    expectError(
      await get('?from=2024-07-01&to=2024-09-30&type=picnic'),
      400,
      'validation_failed',
      'querystring.type',
    );
  });

  it('says what no source reports instead of counting it as zero, and its categories add up', async () => {
    const base = { ...current[0]!, province: 'Punjab', status: 'confirmed' as const };
    await t.services.incidents.importMany(actorOf(t, 'ssd:analyst'), [
      {
        ...base,
        sourceKey: 'gap:a',
        date: '2022-02-01',
        place: 'A',
        killed: { civilians: 2, security: 1, best: 5 },
        wounded: {},
      },
      { ...base, sourceKey: 'gap:b', date: '2022-02-02', place: 'B', killed: { best: 3 }, wounded: {} },
      { ...base, sourceKey: 'gap:d', date: '2022-02-03', place: 'D', killed: {}, wounded: {} },
      {
        ...base,
        sourceKey: 'gap:c',
        date: '2022-05-01',
        place: 'C',
        killed: { unknown: 1, best: 1 },
        wounded: { best: 4 },
      },
    ]);
    const half = (await get('?from=2022-01-01&to=2022-06-30&compare=none')).json();
    expect(half.totals).toMatchObject({
      incidents: 4,
      killed: 9,
      killedCivilians: 2,
      killedSecurity: 1,
      killedMilitants: 0,
      killedUnknown: 1,
      killedUnattributed: 5,
      killedReported: 3,
      wounded: 4,
      woundedReported: 1,
    });
    const text = (await get('/text?from=2022-01-01&to=2022-06-30&compare=none')).body;
    expect(text).toContain(
      'Killed: 9 (civilians 2, security personnel 1, militants 0, unknown 1, unattributed 5; foreign nationals 0); not reported for 1 of 4 incidents',
    );
    expect(text).toContain('Wounded: 4 (');
    expect(text).toContain('; not reported for 3 of 4 incidents');
    const quarter = (await get('/text?from=2022-01-01&to=2022-03-31&compare=none')).body;
    expect(quarter).toContain(
      '8 killed (civilians, security personnel and militants), wounded not reported, 3 incidents',
    );
    expect(quarter).toContain('Wounded: not reported (no source gives a figure)');
    const csv = (await get('/csv?from=2022-01-01&to=2022-06-30&compare=none')).body;
    expect(csv).toContain('killed_by_category,unattributed,,5,,,\r\n');
    expect(csv).toContain('not_reported,incidents without a figure,,1,3,,\r\n');
  });

  it('counts incidents dated to a month or year, or placed only in the country, but shows them apart', async () => {
    const base = { ...current[0]!, status: 'confirmed' as const, wounded: {} };
    await t.services.incidents.importMany(actorOf(t, 'ssd:analyst'), [
      {
        ...base,
        sourceKey: 'apart:day',
        date: '2021-02-10',
        province: 'Punjab',
        place: 'Lahore',
        killed: { best: 10 },
      },
      {
        ...base,
        sourceKey: 'apart:month',
        date: '2021-03-01',
        datePrecision: 'month',
        province: 'Sindh',
        place: 'Karachi',
        killed: { best: 5 },
      },
      // A yearly country total, as UCDP gives: on 1 January, in no province.
      {
        ...base,
        sourceKey: 'apart:year',
        date: '2021-01-01',
        datePrecision: 'year',
        province: null,
        place: null,
        lat: null,
        lon: null,
        geoPrecision: 'country',
        killed: { best: 100 },
      },
    ]);
    const report = (await get('?from=2021-01-01&to=2021-12-31&compare=none')).json();
    expect(report.totals).toMatchObject({ incidents: 3, killed: 115 });
    expect(report.monthly).toEqual([{ name: '2021-02', incidents: 1, killed: 10, wounded: 0 }]);
    expect(report.quarterly).toEqual([{ name: '2021-Q1', incidents: 2, killed: 15, wounded: 0 }]);
    expect(report.yearly).toEqual([{ name: '2021', incidents: 3, killed: 115, wounded: 0 }]);
    expect(report.byProvince.map((g: { name: string; killed: number }) => [g.name, g.killed])).toEqual([
      ['Punjab', 10],
      ['Sindh', 5],
    ]);
    expect(report.deadliest.map((d: { killed: number }) => d.killed)).toEqual([10]);
    expect(report.apart).toEqual([
      { kind: 'dated_to_month', incidents: 1, killed: 5, wounded: 0 },
      { kind: 'dated_to_year', incidents: 1, killed: 100, wounded: 0 },
      { kind: 'placed_in_country', incidents: 1, killed: 100, wounded: 0 },
    ]);
    const text = (await get('/text?from=2021-01-01&to=2021-12-31&compare=none')).body;
    expect(text).toContain(
      'Counted in the totals but shown apart: 1 incident dated only to the month (not in the monthly series), 5 killed, 0 wounded;',
    );
    expect(text).not.toMatch(/^Unknown /m);
  });

  it('names where its incidents came from, citing the datasets', async () => {
    const base = { ...current[0]!, status: 'confirmed' as const, date: '2020-05-05' };
    await t.services.incidents.importMany(actorOf(t, 'ssd:analyst'), [
      { ...base, sourceKey: 'ucdp:1', place: 'U1' },
      { ...base, sourceKey: 'ucdp:2', place: 'U2' },
      { ...base, sourceKey: 'acled:PAK1', place: 'A1' },
      { ...base, sourceKey: 'pbc:17', place: 'P1' },
    ]);
    await t.services.incidents.create(actorOf(t, 'ssd:analyst'), { ...base, sourceKey: null, place: 'R1' });
    const report = (await get('?from=2020-01-01&to=2020-12-31&compare=none')).json();
    expect(
      report.sources.map((s: { dataset: string; incidents: number }) => [s.dataset, s.incidents]),
    ).toEqual([
      ['ucdp', 2],
      ['acled', 1],
      ['imported', 1],
      ['recorded', 1],
    ]);
    const html = (await get('/html?from=2020-01-01&to=2020-12-31&compare=none')).body;
    expect(html).toContain(
      'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program; Sundberg &amp; Melander 2013',
    );
    expect(html).toContain('Raleigh et al. 2010');
    const text = (await get('/text?from=2020-01-01&to=2020-12-31&compare=none')).body;
    expect(text).toMatch(/Sources\n +2 incidents {2}UCDP Georeferenced Event Dataset/);
  });

  it('has tables by quarter and by year that add up to the totals', async () => {
    const report = (await get('?from=2024-04-01&to=2024-09-30&compare=none')).json();
    expect(report.quarterly).toEqual([
      { name: '2024-Q2', incidents: 240, killed: 380, wounded: 410 },
      { name: '2024-Q3', incidents: 328, killed: 722, wounded: 615 },
    ]);
    expect(report.yearly).toEqual([{ name: '2024', incidents: 568, killed: 1102, wounded: 1025 }]);
    const text = (await get('/text?from=2024-04-01&to=2024-09-30&compare=none')).body;
    expect(text).toMatch(/By quarter\n.*\n2024-Q2 +240 +380 +410\n2024-Q3 +328 +722 +615/);
  });

  it('refuses the unauthenticated, a protected person, and a bad period', async () => {
    expectError(
      await t.request(null, { method: 'GET', url: '/api/v1/reports/period?from=2024-07-01&to=2024-09-30' }),
      401,
      'unauthenticated',
    );
    expectError(await get('?from=2024-07-01&to=2024-09-30', 'cso:person'), 403, 'forbidden');
    expectError(await get('?from=2024-09-30&to=2024-07-01'), 400, 'validation_failed', 'querystring.from');
    expectError(await get('?from=July&to=2024-07-01'), 400, 'validation_failed', 'querystring.from');
    expectError(await get('/pdf?from=2024-07-01&to=2024-09-30'), 400, 'validation_failed', 'params.format');
  });
});

describe('previousPeriod and change', () => {
  it.each([
    [
      { from: '2024-07-01', to: '2024-09-30' },
      { from: '2024-04-01', to: '2024-06-30' },
    ],
    [
      { from: '2024-01-01', to: '2024-12-31' },
      { from: '2023-01-01', to: '2023-12-31' },
    ],
    [
      { from: '2024-03-01', to: '2024-03-31' },
      { from: '2024-02-01', to: '2024-02-29' },
    ],
    [
      { from: '2024-07-10', to: '2024-07-19' },
      { from: '2024-06-30', to: '2024-07-09' },
    ],
  ])('before %o comes %o', (period, expected) => {
    expect(previousPeriod(period)).toEqual(expected);
  });
  it.each([
    [380, 722, 90],
    [100, 50, -50],
    [0, 10, null],
    [3, 4, 33.3],
  ])('from %i to %i is %s%', (before, now, expected) => {
    expect(change(before, now)).toBe(expected);
  });
});

describe('splitByMonth', () => {
  it.each([
    // Whole months only: all from the rollups.
    [{ from: '2024-01-01', to: '2024-12-31' }, { from: '2024-01', to: '2024-12' }, []],
    [{ from: '2024-02-01', to: '2024-02-29' }, { from: '2024-02', to: '2024-02' }, []],
    // Days on either side of whole months.
    [
      { from: '2024-07-15', to: '2024-10-10' },
      { from: '2024-08', to: '2024-09' },
      [
        { from: '2024-07-15', to: '2024-07-31' },
        { from: '2024-10-01', to: '2024-10-10' },
      ],
    ],
    [
      { from: '2023-12-31', to: '2024-01-31' },
      { from: '2024-01', to: '2024-01' },
      [{ from: '2023-12-31', to: '2023-12-31' }],
    ],
    // No whole month inside: all from the incidents.
    [{ from: '2024-07-10', to: '2024-07-19' }, null, [{ from: '2024-07-10', to: '2024-07-19' }]],
    [{ from: '2024-07-02', to: '2024-07-31' }, null, [{ from: '2024-07-02', to: '2024-07-31' }]],
    [{ from: '2024-07-01', to: '2024-07-30' }, null, [{ from: '2024-07-01', to: '2024-07-30' }]],
    [{ from: '2024-07-31', to: '2024-08-01' }, null, [{ from: '2024-07-31', to: '2024-08-01' }]],
  ])('%o is the months %o and the days %o', (period, months, days) => {
    expect(splitByMonth(period)).toEqual({ months, days });
  });
});
