import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { actorOf } from '../../test/helpers/agreement.js';

/**
 * UCDP-like events of 2009 where TTP is mostly side_b (the government is side_a of state-based
 * conflict): a report by the first side alone credits TTP with few of them; by group, with every one.
 */
const sides: [type: string, a: string, b: string][] = [
  ['1', 'Government of Pakistan', 'TTP'],
  ['1', 'Government of Pakistan', 'TTP'],
  ['1', 'Government of Pakistan', 'TTP'],
  ['2', 'TTP', 'Lashkar-e-Islam'],
  ['3', 'TTP', 'Civilians'],
  ['1', 'Government of Pakistan', 'BLA'],
  ['2', 'Lashkar-e-Islam', 'TTP'],
  ['1', 'TTP', 'TTP'], // the same group on both sides: one incident of it, not two
];
const events = Array.from({ length: 40 }, (_, i) => {
  const [type, a, b] = sides[i % sides.length]!;
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (i % 12)).padStart(2, '0');
  return { id: String(9000 + i), type, a, b, date: `${month}/${day}/2009`, best: (i * 7) % 11 };
});
const csv = Buffer.from(
  [
    'id,type_of_violence,side_a,side_b,adm_1,where_prec,where_coordinates,date_prec,date_start,best_est',
    ...events.map(
      (e) =>
        `${e.id},${e.type},${e.a},${e.b},Federally Administered Tribal Areas,1,place ${e.id},1,${e.date},${e.best}`,
    ),
  ].join('\n'),
);

describe('both sides of an event', () => {
  const t = useTestApp();

  it('counts a group in every incident it is on either side of, and keeps the three UCDP types apart', async () => {
    const analyst = actorOf(t, 'ssd:analyst');
    const imported = await t.services.importIncidents(analyst, csv, { format: 'ucdp' });
    expect(imported).toMatchObject({ added: events.length, rejected: [] });
    const period = { from: '2009-01-01', to: '2009-12-31', compare: 'none' } as const;
    const report = await t.services.reports.report(analyst, period);

    // Expected figures from the rows above, not through the importer.
    const of = (pick: (e: (typeof events)[number]) => boolean) => {
      const picked = events.filter(pick);
      return { incidents: picked.length, killed: picked.reduce((n, e) => n + e.best, 0) };
    };
    const ttp = of((e) => e.a === 'TTP' || e.b === 'TTP');
    expect(ttp.incidents).toBe(35);
    expect(report.byGroup.find((g) => g.name === 'TTP')).toMatchObject(ttp);
    expect(report.byPerpetrator.find((g) => g.name === 'TTP')).toMatchObject(of((e) => e.a === 'TTP'));
    expect(report.byGroup.find((g) => g.name === 'Government of Pakistan')).toMatchObject(
      of((e) => e.a === 'Government of Pakistan'),
    );
    expect(report.byGroup.find((g) => g.name === 'Lashkar-e-Islam')).toMatchObject(
      of((e) => e.a === 'Lashkar-e-Islam' || e.b === 'Lashkar-e-Islam'),
    );
    // Civilians are the target of one-sided violence, not a side.
    expect(report.byGroup.map((g) => g.name)).not.toContain('Civilians');

    for (const [code, type] of [
      ['1', 'state_based_conflict'],
      ['2', 'non_state_conflict'],
      ['3', 'one_sided_violence'],
    ] as const) {
      expect(report.byType.find((g) => g.name === type)).toMatchObject(of((e) => e.type === code));
    }

    // The group filter of the report, the list and the export matches either side.
    const filtered = await t.services.reports.report(analyst, { ...period, perpetrator: 'TTP' });
    expect(filtered.totals).toMatchObject(ttp);
    const list = await t.request('ssd:observer', {
      method: 'GET',
      url: '/api/v1/incidents?perpetrator=TTP&limit=100',
    });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { perpetrator: string; opponent: string | null }[];
    expect(items).toHaveLength(ttp.incidents);
    expect(items.filter((i) => i.opponent === 'TTP' && i.perpetrator !== 'TTP')).toHaveLength(
      of((e) => e.b === 'TTP' && e.a !== 'TTP').incidents,
    );
    const exported = await t.request('ssd:observer', {
      method: 'GET',
      url: '/api/v1/incidents.csv?perpetrator=TTP',
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const [header, ...lines] = exported.body.trim().split('\r\n');
    expect(header).toContain('actor1,actor2,');
    expect(lines).toHaveLength(ttp.incidents);
    expect(lines.filter((l) => l.includes(',Government of Pakistan,TTP,'))).toHaveLength(
      of((e) => e.a === 'Government of Pakistan' && e.b === 'TTP').incidents,
    );
  });
});
