import type { Group, Report, Sums } from './report.js';

/** The report as text, and the sentences its CSV and HTML forms (report.csv.ts, report.html.ts) share. */

export const fmt = (n: number) => n.toLocaleString('en-US');
export const pct = (n: number | null) => (n === null ? 'n/a' : `${n > 0 ? '+' : ''}${n}%`);

/** Low, best and high side by side, and which one the report counts. */
function estimatesLine(what: 'killed' | 'wounded', t: Sums, report: Report): string {
  const [low, best, high] =
    what === 'killed'
      ? [t.killedLow, t.killedBest, t.killedHigh]
      : [t.woundedLow, t.woundedBest, t.woundedHigh];
  return `${what} low ${fmt(low)}, best ${fmt(best)}, high ${fmt(high)} (the report counts the ${report.estimate})`;
}

/** A toll's total (or that it is not reported), its categories, and how many incidents lack it. */
export function casualties(what: 'killed' | 'wounded', t: Sums) {
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
