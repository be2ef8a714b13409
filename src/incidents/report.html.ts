import type { Group, Report } from './report.js';
import { apartLine, casualties, filtersLine, fmt, headline, pct } from './report.render.js';

/** The report as a self-contained printable HTML page with inline SVG charts. */

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
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
