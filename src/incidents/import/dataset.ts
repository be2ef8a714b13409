import type { Row } from './text.js';
import type { Note, RowRead, RowReader } from './types.js';
import { parseDecimal } from './values.js';

/** What a dataset's reader makes of a row it imports: its account; the key comes from the event id. */
type EventRead = { skip: string } | Omit<Extract<RowRead, { raw: unknown }>, 'sourceKey'>;

/**
 * A published dataset's export (ACLED, GTD, UCDP GED): comma-separated, one event a row, named by
 * its id column. An event is imported under the key `<dataset>:<id>`, so importing the same file
 * again adds nothing. `read` gets the id, read first so that a row without one says so.
 */
export function datasetReader(spec: {
  dataset: string;
  idColumn: string;
  required: readonly string[];
  dateColumn: string;
  read(row: Row, note: Note, id: string): EventRead;
}): RowReader {
  return {
    required: spec.required,
    dateColumn: spec.dateColumn,
    delimiter: ',',
    read(row, note) {
      const id = row.required(spec.idColumn, 'event id');
      const read = spec.read(row, note, id);
      return 'skip' in read ? read : { sourceKey: `${spec.dataset}:${id}`, ...read };
    },
  };
}

/** Where the datasets place an event: decimal degrees in `latitude` and `longitude`. */
export function position(row: Row): { lat: number | null; lon: number | null } {
  return {
    lat: parseDecimal(row.get('latitude'), 'latitude'),
    lon: parseDecimal(row.get('longitude'), 'longitude'),
  };
}

/** The columns behind `position`, for rejections. */
export const positionColumns = { lat: 'latitude', lon: 'longitude' } as const;

/**
 * A dataset's code looked up in one of our tables; a file's text such as `constructor` or
 * `__proto__` is an unknown code, not a property every object inherits.
 */
export function codeIn<T>(table: Record<string, T>, code: string): T | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined;
}
