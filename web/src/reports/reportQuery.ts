import type { paths } from '../api/schema.js';
import { incidentStatuses, incidentTypes, targets } from '../incidents/incident.js';

/** The report's parameters as the API takes them: the period, the comparison, the estimate, the filters. */
export type ReportQuery = NonNullable<paths['/api/v1/reports/period']['get']['parameters']['query']>;

export const filterNames = ['province', 'district', 'type', 'perpetrator', 'target', 'status'] as const;
export type FilterName = (typeof filterNames)[number];

const dayMs = 86_400_000;

/** The last 365 days up to today (UTC), the default period. */
function lastYear(now: Date): { from: string; to: string } {
  return {
    from: new Date(now.getTime() - 364 * dayMs).toISOString().slice(0, 10),
    to: now.toISOString().slice(0, 10),
  };
}

/** The report's parameters from the address's query, so a report is a link one can share. */
export function reportQueryOf(search: URLSearchParams, now = new Date()): ReportQuery {
  const period = lastYear(now);
  const query: Record<string, string> = {
    from: search.get('from') || period.from,
    to: search.get('to') || period.to,
    compare: search.get('compare') === 'none' ? 'none' : 'previous',
    estimate: ['low', 'high'].includes(search.get('estimate') ?? '') ? search.get('estimate')! : 'best',
  };
  for (const name of filterNames) {
    const value = search.get(name);
    if (value) query[name] = value;
  }
  return query as ReportQuery;
}

/** The address's query for a report: only what differs from nothing, in a stable order. */
export function searchOf(query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  return search.toString();
}

/** The choices of the filters that take one of a list, with the key prefix of their labels. */
export const choices = {
  type: { values: incidentTypes, labels: 'enums.incidentType' },
  target: { values: targets, labels: 'incidents.target' },
  status: { values: incidentStatuses, labels: 'enums.incidentStatus' },
} as const;

/** The name the API gives a province or group no source names (`unknownGroup` in src/incidents/report.ts). */
export const unknownName = 'Unknown';
