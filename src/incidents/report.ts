/**
 * The period report of the regional think tanks' quarterlies, computed from aggregates. Pure:
 * the queries that produce the aggregates live in report.repository.ts.
 */

import { normaliseProvince } from './incident.js';

/** The incident list's filters a report takes besides its period, each applied to both periods. */
export const filterKeys = ['province', 'district', 'type', 'perpetrator', 'target', 'status'] as const;
export type Filters = Partial<Record<(typeof filterKeys)[number], string>>;

/** The filters given, in a fixed order, the province under its one spelling. */
export function filtersOf(criteria: Partial<Record<string, unknown>>): Filters {
  const filters: Filters = {};
  for (const key of filterKeys) {
    const value = criteria[key];
    if (typeof value !== 'string' || value === '') continue;
    filters[key] = key === 'province' ? (normaliseProvince(value) ?? value) : value;
  }
  return filters;
}

/** The estimates of a toll a report can count; the headline counts one, the tables show all three. */
export const estimates = ['low', 'best', 'high'] as const;
export type Estimate = (typeof estimates)[number];

export interface Sums {
  incidents: number;
  /** The estimate the report counts (`Report.estimate`); the three estimates follow. */
  killed: number;
  wounded: number;
  killedLow: number;
  killedBest: number;
  killedHigh: number;
  woundedLow: number;
  woundedBest: number;
  woundedHigh: number;
  kidnapped: number;
  killedCivilians: number;
  killedSecurity: number;
  killedMilitants: number;
  killedForeign: number;
  /** Victims a source counts but places in no category. */
  killedUnknown: number;
  /** The part of each counted toll no category accounts for: the categories then add up to the total. */
  killedUnattributed: number;
  woundedCivilians: number;
  woundedSecurity: number;
  woundedMilitants: number;
  woundedForeign: number;
  woundedUnknown: number;
  woundedUnattributed: number;
  /** Incidents for which some source gives a figure: the others' tolls are not reported, not zero. */
  killedReported: number;
  woundedReported: number;
}

export interface Group {
  name: string;
  incidents: number;
  killed: number;
  wounded: number;
}

export interface Deadliest {
  id: string;
  date: string;
  place: string | null;
  province: string | null;
  type: string;
  perpetrator: string | null;
  killed: number;
  wounded: number;
}

/** What the queries return for one period. */
export interface Aggregates {
  totals: Sums;
  byProvince: Group[];
  byType: Group[];
  byPerpetrator: Group[];
  /** Each group counted in every incident it is in, on either side (perpetrator or opponent). */
  byGroup: Group[];
  byTarget: Group[];
  monthly: Group[];
  quarterly: Group[];
  yearly: Group[];
  apart: ApartGroup[];
  /** Where the period's incidents came from, most first, with how to cite each. */
  sources: SourceGroup[];
  deadliest: Deadliest[];
}

/** The datasets a report cites by name, by the prefix of their source keys, and how to cite them. */
export const datasetCitations = {
  ucdp: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program; Sundberg & Melander 2013, Journal of Peace Research 50(4)',
  acled:
    'ACLED, Armed Conflict Location & Event Data Project; Raleigh et al. 2010, Journal of Peace Research 47(5)',
  gtd: 'Global Terrorism Database (GTD), National Consortium for the Study of Terrorism and Responses to Terrorism (START), University of Maryland',
} as const;
export const citedDatasets = Object.keys(datasetCitations) as (keyof typeof datasetCitations)[];
export type DatasetKey = keyof typeof datasetCitations | 'imported' | 'recorded';

/** The sources a report names besides the cited datasets. */
export const otherSources = {
  imported: 'other imported spreadsheets, each named by the prefix of its source keys',
  recorded: "the parties' own records: analysts' accounts and confirmed news drafts, each with its sources",
} as const;

/** Where a period's incidents came from, with how to cite each. */
export interface SourceGroup {
  dataset: DatasetKey;
  citation: string;
  incidents: number;
}

/**
 * Incidents a report counts in its totals but keeps out of the tables that would misplace them:
 * dated only to a month (not in the monthly series), only to a year (nor the quarterly), or placed
 * only in the country (not in an "Unknown" province); none is among the deadliest.
 */
export interface ApartGroup {
  kind: 'dated_to_month' | 'dated_to_year' | 'placed_in_country';
  incidents: number;
  killed: number;
  wounded: number;
}

export interface Period {
  from: string;
  to: string;
}

/** A period's report: its aggregates with the shares, the comparison and how to read them. */
export interface Report extends Omit<Aggregates, 'byProvince'> {
  period: Period;
  estimate: Estimate;
  /** The filters the figures of both periods are restricted to; none is every incident. */
  filters: Filters;
  /** How the figures treat what sources do not say, stated in every format. */
  method: string;
  previous: {
    period: Period;
    totals: Sums;
    change: { incidents: number | null; killed: number | null; wounded: number | null };
  } | null;
  byProvince: (Group & { incidentsShare: number; killedShare: number; woundedShare: number })[];
  topProvinces: { names: string[]; incidentsShare: number; killedShare: number } | null;
}

const day = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

function isFirstOfMonth(date: string): boolean {
  return date.endsWith('-01');
}

function isLastOfMonth(date: string): boolean {
  return new Date(Date.parse(date) + day).getUTCDate() === 1;
}

/**
 * A period cut where the rollups can count it: the whole months inside it (as `YYYY-MM`, null if
 * none) and the days before and after them, which are counted from the incidents themselves.
 */
export function splitByMonth(period: Period): { months: Period | null; days: Period[] } {
  const firstWhole = isFirstOfMonth(period.from) ? period.from : nextMonth(period.from);
  const lastWhole = isLastOfMonth(period.to) ? period.to.slice(0, 7) : previousMonth(period.to);
  if (firstWhole.slice(0, 7) > lastWhole) return { months: null, days: [period] };
  const months = { from: firstWhole.slice(0, 7), to: lastWhole };
  const days: Period[] = [];
  if (period.from < firstWhole) days.push({ from: period.from, to: iso(Date.parse(firstWhole) - day) });
  if (!isLastOfMonth(period.to)) days.push({ from: `${period.to.slice(0, 7)}-01`, to: period.to });
  return { months, days };
}

/** The first day of the month after the one `date` is in. */
function nextMonth(date: string): string {
  const d = new Date(date);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** The month (`YYYY-MM`) before the one `date` is in. */
function previousMonth(date: string): string {
  const d = new Date(date);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).slice(0, 7);
}

/**
 * The period of equal length just before `period`: whole months when the period is whole months
 * (so a quarter compares with the quarter before), else the same number of days.
 */
export function previousPeriod(period: Period): Period {
  if (isFirstOfMonth(period.from) && isLastOfMonth(period.to)) {
    const from = new Date(period.from);
    const to = new Date(period.to);
    const months =
      (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() + 1;
    const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - months, 1);
    return { from: iso(start), to: iso(Date.parse(period.from) - day) };
  }
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / day) + 1;
  return { from: iso(Date.parse(period.from) - days * day), to: iso(Date.parse(period.from) - day) };
}

/** A percentage with one decimal. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** The change from `before` to `now` in percent, one decimal; null when there was nothing before. */
export function change(before: number, now: number): number | null {
  return before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10;
}

export function methodNote(estimate: Estimate): string {
  return (
    `The headline and the tables count the ${estimate} estimate of each incident's toll` +
    (estimate === 'best' ? '' : ` (the best estimate where no ${estimate} one is given)`) +
    '; the totals show the low, best and high estimates side by side; a source that gives one figure ' +
    '(a single value, only a minimum or only a maximum) gives it as all three' +
    '; a toll no source gives is not reported, not zero: it adds nothing to the sums, and the report says for how many ' +
    'incidents it is missing; categories (civilians, security personnel, militants, unknown) count what sources split, ' +
    'and "unattributed" holds the rest of each toll, so the categories add up to the total; foreign nationals are ' +
    'shown apart, as sources count them among civilians or not. ' +
    'Each incident is counted once, with the values of its reconciled account.'
  );
}

/** The report from this period's aggregates and, when compared, the previous period's. */
export function buildReport(
  period: Period,
  estimate: Estimate,
  filters: Filters,
  current: Aggregates,
  previous: { period: Period; aggregates: Aggregates } | null,
): Report {
  const t = current.totals;
  const byProvince = current.byProvince.map((g) => ({
    ...g,
    incidentsShare: percent(g.incidents, t.incidents),
    killedShare: percent(g.killed, t.killed),
    woundedShare: percent(g.wounded, t.wounded),
  }));
  const known = byProvince.filter((p) => p.name !== 'Unknown');
  const top = [...known].sort((a, b) => b.killed - a.killed || b.incidents - a.incidents).slice(0, 2);
  return {
    period,
    estimate,
    filters,
    method: methodNote(estimate),
    totals: t,
    previous: previous && {
      period: previous.period,
      totals: previous.aggregates.totals,
      change: {
        incidents: change(previous.aggregates.totals.incidents, t.incidents),
        killed: change(previous.aggregates.totals.killed, t.killed),
        wounded: change(previous.aggregates.totals.wounded, t.wounded),
      },
    },
    byProvince,
    topProvinces:
      top.length === 0
        ? null
        : {
            names: top.map((p) => p.name),
            incidentsShare: percent(
              top.reduce((n, p) => n + p.incidents, 0),
              t.incidents,
            ),
            killedShare: percent(
              top.reduce((n, p) => n + p.killed, 0),
              t.killed,
            ),
          },
    byType: current.byType,
    byPerpetrator: current.byPerpetrator,
    byGroup: current.byGroup,
    byTarget: current.byTarget,
    monthly: current.monthly,
    quarterly: current.quarterly,
    yearly: current.yearly,
    apart: current.apart,
    sources: current.sources,
    deadliest: current.deadliest,
  };
}
