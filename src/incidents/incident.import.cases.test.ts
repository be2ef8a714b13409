import { describe, expect, it } from 'vitest';
import { actorOf } from '../../test/helpers/agreement.js';
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
