import { writeCsv } from '../platform/csv.js';
import type { Group, Report, Sums } from './report.js';

/** The report as text, CSV and a self-contained printable HTML page with inline SVG charts. */

const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (n: number | null) => (n === null ? 'n/a' : `${n > 0 ? '+' : ''}${n}%`);

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Low, best and high side by side, and which one the report counts. */
function estimatesLine(what: 'killed' | 'wounded', t: Sums, report: Report): string {
  const [low, best, high] =
    what === 'killed'
      ? [t.killedLow, t.killedBest, t.killedHigh]
      : [t.woundedLow, t.woundedBest, t.woundedHigh];
  return `${what} low ${fmt(low)}, best ${fmt(best)}, high ${fmt(high)} (the report counts the ${report.estimate})`;
}

/** A toll's total (or that it is not reported), its categories, and how many incidents lack it. */
function casualties(what: 'killed' | 'wounded', t: Sums) {
  const pick = (suffix: 'Civilians' | 'Security' | 'Militants' | 'Unknown' | 'Unattributed' | 'Foreign') =>
    t[`${what}${suffix}`];
  const reported = what === 'killed' ? t.killedReported : t.woundedReported;
  return {
    title: what === 'killed' ? 'Killed' : 'Wounded',
    total: reported === 0 && t.incidents > 0 ? null : t[what],
    civilians: pick('Civilians'),
    security: pick('Security'),
    militants: pick('Militants'),
    unknown: pick('Unknown'),
    unattributed: pick('Unattributed'),
    foreign: pick('Foreign'),
    notReported: t.incidents - reported,
    incidents: t.incidents,
  };
}

/** One casualty line: the total, its categories with the unattributed rest, and what is not reported. */
function casualtyLine(what: 'killed' | 'wounded', t: Sums): string {
  const c = casualties(what, t);
  if (c.total === null) return `${c.title}: not reported (no source gives a figure)`;
  const missing =
    c.notReported === 0 ? '' : `; not reported for ${fmt(c.notReported)} of ${fmt(c.incidents)} incidents`;
  return `${c.title}: ${fmt(c.total)} (civilians ${fmt(c.civilians)}, security personnel ${fmt(c.security)}, militants ${fmt(c.militants)}, unknown ${fmt(c.unknown)}, unattributed ${fmt(c.unattributed)}; foreign nationals ${fmt(c.foreign)})${missing}`;
}

const apartWords = {
  dated_to_month: 'dated only to the month (not in the monthly series)',
  dated_to_year: 'dated only to the year (not in the monthly or quarterly series)',
  placed_in_country: 'placed only in the country (not by province)',
} as const;

/** The incidents counted in the totals but shown apart, as a sentence; null when there are none. */
export function apartLine(report: Report): string | null {
  if (report.apart.length === 0) return null;
  const parts = report.apart.map(
    (g) =>
      `${fmt(g.incidents)} incident${g.incidents === 1 ? '' : 's'} ${apartWords[g.kind]}, ${fmt(g.killed)} killed, ${fmt(g.wounded)} wounded`,
  );
  return `Counted in the totals but shown apart: ${parts.join('; ')}. None is among the deadliest.`;
}

/** The filters the figures are restricted to, as a sentence; null for every incident. */
export function filtersLine(report: Report): string | null {
  const given = Object.entries(report.filters);
  if (given.length === 0) return null;
  return `Only incidents with ${given.map(([key, value]) => `${key} ${value}`).join(', ')}, in both periods.`;
}

/** The headline sentence, as the quarterlies write it, naming the estimate it counts. */
export function headline(report: Report): string {
  const t = report.totals;
  const parts = [
    `${t.killedReported === 0 && t.incidents > 0 ? 'killed not reported' : `${fmt(t.killed)} killed (civilians, security personnel and militants)`}, ${t.woundedReported === 0 && t.incidents > 0 ? 'wounded not reported' : `${fmt(t.wounded)} wounded`}, ${fmt(t.incidents)} incidents between ${report.period.from} and ${report.period.to}`,
  ];
  if (report.previous?.change.killed != null) {
    parts.push(
      `fatalities ${pct(report.previous.change.killed)} against ${report.previous.period.from} to ${report.previous.period.to}`,
    );
  }
  if (report.topProvinces) {
    parts.push(
      `${report.topProvinces.killedShare}% of fatalities and ${report.topProvinces.incidentsShare}% of incidents in ${report.topProvinces.names.join(' and ')}`,
    );
  }
  return (
    `${parts.join('; ')}. Counting the ${report.estimate} estimate of each toll ` +
    `(killed: low ${fmt(t.killedLow)}, best ${fmt(t.killedBest)}, high ${fmt(t.killedHigh)}).`
  );
}

function table(title: string, groups: readonly Group[]): string[] {
  if (groups.length === 0) return [];
  const width = Math.max(10, ...groups.map((g) => g.name.length));
  return [
    '',
    title,
    `${'name'.padEnd(width)}  incidents    killed   wounded`,
    ...groups.map(
      (g) =>
        `${g.name.padEnd(width)}  ${fmt(g.incidents).padStart(9)} ${fmt(g.killed).padStart(9)} ${fmt(g.wounded).padStart(9)}`,
    ),
  ];
}

export function renderText(report: Report): string {
  const t = report.totals;
  const lines = [
    `JSMS period report ${report.period.from} to ${report.period.to}`,
    ...[filtersLine(report)].filter((line) => line !== null),
    '',
    headline(report),
    '',
    casualtyLine('killed', t),
    casualtyLine('wounded', t),
    `Estimates: ${estimatesLine('killed', t, report)}; ${estimatesLine('wounded', t, report)}`,
    `Kidnapped: ${fmt(t.kidnapped)}`,
    ...[apartLine(report)].filter((line) => line !== null),
  ];
  if (report.previous) {
    const p = report.previous;
    lines.push(
      `Previous period ${p.period.from} to ${p.period.to}: ${fmt(p.totals.incidents)} incidents (${pct(p.change.incidents)}), ${fmt(p.totals.killed)} killed (${pct(p.change.killed)}), ${fmt(p.totals.wounded)} wounded (${pct(p.change.wounded)})`,
    );
  }
  lines.push('', 'By province', `${'province'.padEnd(26)} incidents  share    killed  share   wounded`);
  for (const p of report.byProvince) {
    lines.push(
      `${p.name.padEnd(26)} ${fmt(p.incidents).padStart(9)} ${`${p.incidentsShare}%`.padStart(6)} ${fmt(p.killed).padStart(9)} ${`${p.killedShare}%`.padStart(6)} ${fmt(p.wounded).padStart(9)}`,
    );
  }
  lines.push(
    ...table('By type', report.byType),
    ...table('By perpetrator', report.byPerpetrator),
    ...table('By group, on either side', report.byGroup),
    ...table('By target', report.byTarget),
  );
  lines.push(
    ...table('By month', report.monthly),
    ...table('By quarter', report.quarterly),
    ...table('By year', report.yearly),
  );
  if (report.deadliest.length > 0) {
    lines.push('', 'Deadliest incidents');
    for (const d of report.deadliest) {
      lines.push(
        `${d.date}  ${fmt(d.killed).padStart(5)} killed ${fmt(d.wounded).padStart(5)} wounded  ${d.type}  ${[d.place, d.province].filter(Boolean).join(', ')}${d.perpetrator ? `  (${d.perpetrator})` : ''}`,
      );
    }
  }
  if (report.sources.length > 0) {
    lines.push('', 'Sources');
    for (const source of report.sources)
      lines.push(`${fmt(source.incidents).padStart(9)} incidents  ${source.citation}`);
  }
  lines.push('', `Method: ${report.method}`);
  return lines.join('\n') + '\n';
}

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

/** A horizontal bar chart as inline SVG. */
function barChart(title: string, groups: readonly Group[], value: (g: Group) => number): string {
  const shown = groups.slice(0, 12);
  const max = Math.max(1, ...shown.map(value));
  const rowHeight = 22;
  const labelWidth = 190;
  const barWidth = 380;
  const height = shown.length * rowHeight + 30;
  const bars = shown
    .map((g, i) => {
      const y = 26 + i * rowHeight;
      const w = Math.round((value(g) / max) * barWidth);
      return `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(g.name)}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="16" fill="#8b1e1e"/><text x="${labelWidth + w + 4}" y="${y + 13}">${fmt(value(g))}</text>`;
    })
    .join('');
  return `<figure><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${labelWidth + barWidth + 70} ${height}" width="100%" font-size="12" font-family="sans-serif"><text x="0" y="14" font-weight="bold">${escapeHtml(title)}</text>${bars}</svg></figure>`;
}

/** Monthly columns of fatalities as inline SVG. */
function monthlyChart(groups: readonly Group[]): string {
  if (groups.length === 0) return '';
  const max = Math.max(1, ...groups.map((g) => g.killed));
  const width = 640;
  const step = width / groups.length;
  const cols = groups
    .map((g, i) => {
      const h = Math.round((g.killed / max) * 160);
      return `<rect x="${Math.round(i * step + 2)}" y="${190 - h}" width="${Math.max(2, Math.round(step - 4))}" height="${h}" fill="#8b1e1e"><title>${escapeHtml(g.name)}: ${fmt(g.killed)} killed, ${fmt(g.incidents)} incidents</title></rect><text x="${Math.round(i * step + step / 2)}" y="206" text-anchor="middle">${escapeHtml(g.name.slice(2))}</text>`;
    })
    .join('');
  return `<figure><svg role="img" aria-label="Killed by month" viewBox="0 0 ${width} 212" width="100%" font-size="10" font-family="sans-serif"><text x="0" y="14" font-size="12" font-weight="bold">Killed by month</text>${cols}</svg></figure>`;
}

function htmlTable(headers: string[], rows: (string | number)[][]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td>${escapeHtml(typeof c === 'number' ? fmt(c) : c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderHtml(report: Report): string {
  const t = report.totals;
  const previous = report.previous
    ? `<p>Previous period ${report.previous.period.from} to ${report.previous.period.to}: ${fmt(report.previous.totals.incidents)} incidents (${pct(report.previous.change.incidents)}), ${fmt(report.previous.totals.killed)} killed (${pct(report.previous.change.killed)}), ${fmt(report.previous.totals.wounded)} wounded (${pct(report.previous.change.wounded)}).</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>JSMS period report ${report.period.from} to ${report.period.to}</title>
<style>
body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-family:sans-serif;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}
.headline{font-size:1.1rem;background:#f6efe9;padding:1rem}figure{margin:1rem 0}.method{font-size:.8rem;color:#555}
@media print{body{margin:0}h2{page-break-after:avoid}figure,table{page-break-inside:avoid}}
</style></head><body>
<h1>Period report, ${report.period.from} to ${report.period.to}</h1>
${filtersLine(report) === null ? '' : `<p class="filters">${escapeHtml(filtersLine(report)!)}</p>`}
<p class="headline">${escapeHtml(headline(report))}</p>
<h2>Casualties</h2>
${htmlTable(
  ['', 'low', 'best', 'high'],
  [
    ['Killed', t.killedLow, t.killedBest, t.killedHigh],
    ['Wounded', t.woundedLow, t.woundedBest, t.woundedHigh],
  ],
)}
<p>The headline and every table below count the ${report.estimate} estimate.</p>
${htmlTable(
  [
    '',
    `total (${report.estimate})`,
    'civilians',
    'security personnel',
    'militants',
    'unknown',
    'unattributed',
    'foreign nationals',
    'not reported (incidents)',
  ],
  (['killed', 'wounded'] as const).map((what) => {
    const c = casualties(what, t);
    return [
      c.title,
      c.total ?? 'not reported',
      c.civilians,
      c.security,
      c.militants,
      c.unknown,
      c.unattributed,
      c.foreign,
      c.notReported,
    ];
  }),
)}
<p>Incidents: ${fmt(t.incidents)}. Kidnapped: ${fmt(t.kidnapped)}.</p>
${apartLine(report) === null ? '' : `<p class="apart">${escapeHtml(apartLine(report)!)}</p>`}
${previous}
<h2>By province</h2>
${barChart('Killed by province', report.byProvince, (g) => g.killed)}
${htmlTable(
  ['province', 'incidents', 'share', 'killed', 'share', 'wounded'],
  report.byProvince.map((p) => [
    p.name,
    p.incidents,
    `${p.incidentsShare}%`,
    p.killed,
    `${p.killedShare}%`,
    p.wounded,
  ]),
)}
<h2>Over time</h2>
${monthlyChart(report.monthly)}
${htmlTable(
  ['quarter', 'incidents', 'killed', 'wounded'],
  report.quarterly.map((g) => [g.name, g.incidents, g.killed, g.wounded]),
)}
${htmlTable(
  ['year', 'incidents', 'killed', 'wounded'],
  report.yearly.map((g) => [g.name, g.incidents, g.killed, g.wounded]),
)}
<h2>By type, perpetrator, group and target</h2>
${barChart('Incidents by type', report.byType, (g) => g.incidents)}
${barChart('Killed by perpetrator', report.byPerpetrator, (g) => g.killed)}
${barChart('Incidents by group, on either side', report.byGroup, (g) => g.incidents)}
${barChart('Incidents by target', report.byTarget, (g) => g.incidents)}
<h2>Deadliest incidents</h2>
${htmlTable(
  ['date', 'place', 'type', 'perpetrator', 'killed', 'wounded'],
  report.deadliest.map((d) => [
    d.date,
    [d.place, d.province].filter(Boolean).join(', '),
    d.type,
    d.perpetrator ?? '',
    d.killed,
    d.wounded,
  ]),
)}
<h2>Sources</h2>
${htmlTable(
  ['source', 'incidents'],
  report.sources.map((source) => [source.citation, source.incidents]),
)}
<p class="method">Method: ${escapeHtml(report.method)}</p>
</body></html>
`;
}
