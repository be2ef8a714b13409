import { csvCell } from '../platform/csv.js';
import { presentIncident } from './incident.presenter.js';
import type { IncidentRow } from './incident.tables.js';

/** An incident as an export reads it: the row, and the publishers its accounts cite. */
export interface ExportedIncident {
  incident: IncidentRow;
  sources: readonly string[];
}

type Presented = ReturnType<typeof presentIncident>;

/**
 * The CSV export's columns, named as ACLED names them where the meaning is the same (so an
 * analyst's ACLED scripts read it), then the tolls by category that ACLED does not have. An
 * unknown figure is an empty cell, never 0.
 */
const columns: readonly [string, (i: Presented, sources: readonly string[]) => unknown][] = [
  ['event_id', (i) => i.id],
  ['source_key', (i) => i.sourceKey],
  ['event_date', (i) => i.date],
  ['year', (i) => Number(i.date.slice(0, 4))],
  ['date_precision', (i) => i.datePrecision],
  ['event_type', (i) => i.type],
  ['sub_event_type', (i) => i.subType],
  ['actor1', (i) => i.perpetrator],
  ['actor2', (i) => i.opponent],
  ['claimed', (i) => (i.claimed === null ? null : i.claimed ? 'yes' : 'no')],
  ['target', (i) => i.target],
  ['status', (i) => i.status],
  ['admin1', (i) => i.province],
  ['admin2', (i) => i.district],
  ['location', (i) => i.place],
  ['latitude', (i) => i.lat],
  ['longitude', (i) => i.lon],
  ['geo_precision', (i) => i.geoPrecision],
  ['source', (_, sources) => sources.join('; ')],
  ['notes', (i) => i.description],
  ['fatalities', (i) => i.killed.best],
  ['fatalities_low', (i) => i.killed.low],
  ['fatalities_high', (i) => i.killed.high],
  ['killed_civilians', (i) => i.killed.civilians],
  ['killed_security', (i) => i.killed.security],
  ['killed_militants', (i) => i.killed.militants],
  ['killed_foreign_nationals', (i) => i.killed.foreignNationals],
  ['killed_unknown', (i) => i.killed.unknown],
  ['injuries', (i) => i.wounded.best],
  ['injuries_low', (i) => i.wounded.low],
  ['injuries_high', (i) => i.wounded.high],
  ['kidnapped', (i) => i.kidnapped],
  ['accounts', (i) => i.accounts],
  ['updated_at', (i) => i.updatedAt],
];

const line = (cells: readonly unknown[]) => cells.map(csvCell).join(',') + '\r\n';

/** The CSV's header line. */
export const csvHeader = line(columns.map(([name]) => name));

/** A page of incidents as CSV lines (RFC 4180, CRLF, formula-like text neutralised). */
export function csvLines(page: readonly ExportedIncident[]): string {
  let text = '';
  for (const { incident, sources } of page) {
    const presented = presentIncident(incident);
    text += line(columns.map(([, cellOf]) => cellOf(presented, sources)));
  }
  return text;
}

/**
 * A page of incidents as GeoJSON features, comma-separated: those with a location, as points whose
 * `geoPrecision` says how far to trust them, and the count of those without one.
 */
function geojsonFeatures(page: readonly ExportedIncident[]): { text: string; unplaced: number } {
  const features: string[] = [];
  let unplaced = 0;
  for (const { incident, sources } of page) {
    if (incident.lat === null || incident.lon === null) {
      unplaced++;
      continue;
    }
    const { lat, lon, ...properties } = presentIncident(incident);
    features.push(
      JSON.stringify({
        type: 'Feature',
        id: incident.id,
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: { ...properties, sources },
      }),
    );
  }
  return { text: features.join(','), unplaced };
}

/** The whole CSV, header first, as the pages come. */
export async function* csvExport(pages: AsyncIterable<readonly ExportedIncident[]>): AsyncGenerator<string> {
  yield csvHeader;
  for await (const page of pages) yield csvLines(page);
}

/**
 * The whole GeoJSON FeatureCollection as the pages come. Incidents without a location cannot be
 * drawn: their count closes the collection (`withoutLocation`), so none is left out unsaid.
 */
export async function* geojsonExport(
  pages: AsyncIterable<readonly ExportedIncident[]>,
): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let separator = '';
  let withoutLocation = 0;
  for await (const page of pages) {
    const { text, unplaced } = geojsonFeatures(page);
    withoutLocation += unplaced;
    if (text === '') continue;
    yield separator + text;
    separator = ',';
  }
  yield `],"withoutLocation":${withoutLocation}}`;
}
