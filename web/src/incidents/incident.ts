import type { components, paths } from '../api/schema.js';

export type Incident = components['schemas']['Incident'];
export type Draft = components['schemas']['NewsIncidentDraft'];
/** What one party says of an incident: the body of POST /api/v1/incidents and of its account. */
export type Account = NonNullable<
  paths['/api/v1/incidents']['post']['requestBody']
>['content']['application/json'];
export type IncidentType = Incident['type'];
export type IncidentStatus = Incident['status'];
export type Target = NonNullable<Account['target']>;
export type Toll = NonNullable<Account['killed']>;
export type Source = NonNullable<Account['sources']>[number];

// Each value the API takes, as a record over its type so the compiler finds one missing or one
// the server does not know; the keys' order is the order the screens list them in.
const typeSet: Record<IncidentType, true> = {
  suicide_attack: true,
  ied: true,
  armed_assault: true,
  targeted_killing: true,
  kidnapping: true,
  rocket_attack: true,
  drone_strike: true,
  armed_clash: true,
  state_based_conflict: true,
  non_state_conflict: true,
  one_sided_violence: true,
  other: true,
};
const statusSet: Record<IncidentStatus, true> = {
  reported: true,
  confirmed: true,
  disputed: true,
  denied: true,
};
const targetSet: Record<Target, true> = {
  security_forces: true,
  civilians: true,
  foreign_nationals: true,
  government: true,
  infrastructure: true,
  militants: true,
  unknown: true,
};
const datePrecisionSet: Record<NonNullable<Account['datePrecision']>, true> = {
  day: true,
  week: true,
  month: true,
  year: true,
};
const geoPrecisionSet: Record<NonNullable<Account['geoPrecision']>, true> = {
  exact: true,
  place: true,
  district: true,
  province: true,
  country: true,
};
const tollPartSet: Record<keyof Toll, true> = {
  best: true,
  low: true,
  high: true,
  civilians: true,
  security: true,
  militants: true,
  foreignNationals: true,
  unknown: true,
};
const reliabilitySet: Record<NonNullable<Source['reliability']>, true> = {
  A: true,
  B: true,
  C: true,
  D: true,
  E: true,
  F: true,
};

const keys = <K extends string>(set: Record<K, true>) => Object.keys(set) as K[];
export const incidentTypes = keys(typeSet);
export const incidentStatuses = keys(statusSet);
export const targets = keys(targetSet);
export const datePrecisions = keys(datePrecisionSet);
export const geoPrecisions = keys(geoPrecisionSet);
export const tollParts = keys(tollPartSet);
/** The Admiralty code: how reliable the source has been (A–F) … */
export const reliabilities = keys(reliabilitySet);
/** … and how credible this piece of information is (1–6). */
export const credibilities = [1, 2, 3, 4, 5, 6] as const;

/** The filters GET /api/v1/incidents and its CSV and GeoJSON exports take, as the URL query keeps them. */
export const filterNames = [
  'from',
  'to',
  'province',
  'district',
  'type',
  'perpetrator',
  'target',
  'status',
] as const satisfies readonly (keyof NonNullable<paths['/api/v1/incidents']['get']['parameters']['query']>)[];
export type Filters = Partial<Record<(typeof filterNames)[number], string>>;

export function filtersOf(query: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of filterNames) {
    const value = query.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** The incidents screen's address for a sub-path and query: `/incidents/new`, `/incidents?type=ied`. */
export function incidentsPath(sub = '', query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const text = search.toString();
  return `/incidents${sub ? '/' + sub : ''}${text ? '?' + text : ''}`;
}
