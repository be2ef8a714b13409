import { writeCsv } from '../platform/csv.js';
import type { Report, Sums } from './report.js';

/** The report as one CSV table a spreadsheet can pivot. */

/** The low, best and high estimates of a period as rows `total_low`, `total_best`, `total_high`. */
const estimateRows = (section: string, period: { from: string; to: string }, t: Sums) =>
  (
    [
      ['low', t.killedLow, t.woundedLow],
      ['best', t.killedBest, t.woundedBest],
      ['high', t.killedHigh, t.woundedHigh],
    ] as const
  ).map(([e, killed, wounded]) => [
    `${section}_${e}`,
    `${period.from}..${period.to}`,
    t.incidents,
    killed,
    wounded,
    '',
    '',
  ]);

/**
 * One table: section, name, and the figures; a spreadsheet can pivot it. `killed` and `wounded`
 * count the report's estimate (the `estimate` row); `total_low`, `total_best` and `total_high` give all three.
 */
export function renderCsv(report: Report): string {
  const rows: unknown[][] = [
    ['section', 'name', 'incidents', 'killed', 'wounded', 'incidents_share', 'killed_share'],
  ];
  const t = report.totals;
  rows.push([
    'total',
    `${report.period.from}..${report.period.to}`,
    t.incidents,
    t.killed,
    t.wounded,
    100,
    100,
  ]);
  rows.push(...estimateRows('total', report.period, t));
  if (report.previous) {
    const p = report.previous.totals;
    rows.push([
      'previous',
      `${report.previous.period.from}..${report.previous.period.to}`,
      p.incidents,
      p.killed,
      p.wounded,
      '',
      '',
    ]);
    rows.push(...estimateRows('previous', report.previous.period, p));
    rows.push([
      'change_percent',
      '',
      report.previous.change.incidents,
      report.previous.change.killed,
      report.previous.change.wounded,
      '',
      '',
    ]);
  }
  for (const p of report.byProvince)
    rows.push(['province', p.name, p.incidents, p.killed, p.wounded, p.incidentsShare, p.killedShare]);
  if (report.topProvinces)
    rows.push([
      'top_provinces',
      report.topProvinces.names.join(' + '),
      '',
      '',
      '',
      report.topProvinces.incidentsShare,
      report.topProvinces.killedShare,
    ]);
  for (const [section, groups] of [
    ['type', report.byType],
    ['perpetrator', report.byPerpetrator],
    ['group', report.byGroup],
    ['target', report.byTarget],
    ['month', report.monthly],
    ['quarter', report.quarterly],
    ['year', report.yearly],
  ] as const) {
    for (const g of groups) rows.push([section, g.name, g.incidents, g.killed, g.wounded, '', '']);
  }
  for (const d of report.deadliest)
    rows.push([
      'deadliest',
      `${d.date} ${[d.place, d.province].filter(Boolean).join(', ')}`,
      1,
      d.killed,
      d.wounded,
      '',
      '',
    ]);
  rows.push(
    ['killed_by_category', 'civilians', '', t.killedCivilians, '', '', ''],
    ['killed_by_category', 'security', '', t.killedSecurity, '', '', ''],
    ['killed_by_category', 'militants', '', t.killedMilitants, '', '', ''],
    ['killed_by_category', 'unknown', '', t.killedUnknown, '', '', ''],
    ['killed_by_category', 'unattributed', '', t.killedUnattributed, '', '', ''],
    [
      'not_reported',
      'incidents without a figure',
      '',
      t.incidents - t.killedReported,
      t.incidents - t.woundedReported,
      '',
      '',
    ],
  );
  for (const source of report.sources)
    rows.push(['source', source.citation, source.incidents, '', '', '', '']);
  for (const g of report.apart) rows.push(['apart', g.kind, g.incidents, g.killed, g.wounded, '', '']);
  for (const [key, value] of Object.entries(report.filters))
    rows.push(['filter', `${key}=${value}`, '', '', '', '', '']);
  rows.push(['estimate', report.estimate, '', '', '', '', '']);
  rows.push(['method', report.method, '', '', '', '', '']);
  return writeCsv(rows);
}
