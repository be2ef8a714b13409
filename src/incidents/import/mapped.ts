import { incidentTypes } from '../incident.js';
import { compileDateFormat, type DateReader, readDate, requiredDate } from './dates.js';
import type { ColumnMapping, FieldSpec, TollSpec } from './mapping.js';
import { columnKey, type Row } from './text.js';
import { type Note, type RowReader, RowError } from './types.js';
import { type Cell, incidentFacts, parseCount, readToll, text, type TollPart, tollParts } from './values.js';

type Getter = (row: Row) => Cell;

/** Reads one mapped field: a column's cell (through the value map), or the constant. */
function getter(spec: FieldSpec, key: string): Getter {
  if (spec.column === undefined) {
    const cell = String(spec.value);
    return () => ({ cell, column: key });
  }
  const column = spec.column;
  const map = spec.map ? new Map(Object.entries(spec.map).map(([k, v]) => [columnKey(k), String(v)])) : null;
  const fallback = spec.default === undefined ? undefined : String(spec.default);
  return (row) => {
    const raw = row.get(column);
    const mapped = map?.get(columnKey(raw));
    if (mapped !== undefined) return { cell: mapped, column };
    if (raw === '') return { cell: fallback ?? '', column };
    // A value the map does not list takes the default, or stays as written for validation to name.
    return { cell: map ? (fallback ?? raw) : raw, column };
  };
}

/** The columns a toll spec reads, by part; a single column or constant is the best estimate. */
function tollGetters(spec: TollSpec, key: string): Partial<Record<TollPart, Getter>> {
  if (spec.column !== undefined || spec.value !== undefined) {
    return { best: getter({ column: spec.column, value: spec.value } as FieldSpec, key) };
  }
  const getters: Partial<Record<TollPart, Getter>> = {};
  for (const part of tollParts) {
    const partSpec = spec[part];
    if (partSpec) getters[part] = getter(partSpec, `${key}.${part}`);
  }
  return getters;
}

/** A row reader for `--format csv` driven by a validated mapping. */
export function mappedReader(mapping: ColumnMapping): RowReader {
  const { fields } = mapping;
  const labels: Record<string, string> = {};
  const columns: Record<string, string> = {};
  const get: Record<string, Getter> = {};
  const add = (key: string, spec: FieldSpec | undefined) => {
    if (!spec) return;
    get[key] = getter(spec, `fields.${key}`);
    columns[key] = spec.column ?? `fields.${key}`;
    if (spec.column !== undefined) labels[spec.column] = `fields.${key}`;
  };
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    if (key === 'killed' || key === 'wounded' || key === 'source') continue;
    add(key, fields[key]);
  }
  const tolls = {} as Record<'killed' | 'wounded', Partial<Record<TollPart, Getter>>>;
  for (const key of ['killed', 'wounded'] as const) {
    const spec = fields[key];
    tolls[key] = spec ? tollGetters(spec, `fields.${key}`) : {};
    if (!spec) continue;
    if (spec.column !== undefined) labels[spec.column] = `fields.${key}`;
    columns[key] = spec.column ?? spec.best?.column ?? `fields.${key}`;
    for (const part of tollParts) {
      const column = spec[part]?.column;
      if (column === undefined) continue;
      labels[column] = `fields.${key}.${part}`;
      columns[`${key}.${part}`] = column;
    }
  }
  const source = fields.source;
  if (source) {
    for (const part of ['publisher', 'title', 'url', 'published', 'reliability', 'credibility'] as const) {
      add(`source.${part}`, source[part]);
      if (get[`source.${part}`]) columns[`sources.${part}`] = columns[`source.${part}`]!;
    }
    columns.sources = columns['source.publisher']!;
  }

  const dates = mapping.dateFormat.map(compileDateFormat);
  const expected = mapping.dateFormat.join(' or ');
  const cell = (row: Row, key: string): Cell => get[key]?.(row) ?? { cell: '', column: key };
  const textOf = (row: Row, key: string, max: number, note: Note) => {
    const c = cell(row, key);
    return text(c.cell, c.column, max, note);
  };
  const readTollOf = (row: Row, key: 'killed' | 'wounded', note: Note) => {
    const cells: Partial<Record<TollPart, Cell>> = {};
    for (const [part, g] of Object.entries(tolls[key]) as [TollPart, Getter][]) cells[part] = g(row);
    return readToll(cells, note);
  };

  return {
    required: Object.keys(labels),
    labels,
    dateColumn: fields.date.column ?? null,
    ...(mapping.delimiter ? { delimiter: mapping.delimiter } : {}),
    read(row, note) {
      const d = cell(row, 'date');
      const date = requiredDate(d.cell, d.column, dates, expected);
      const type = cell(row, 'type');
      if (!type.cell) throw new RowError(type.column, `no type (one of ${incidentTypes.join(', ')})`);
      const key = cell(row, 'sourceKey').cell;
      return {
        sourceKey: key ? `${mapping.sourceKeyPrefix}:${key}` : null,
        raw: {
          ...incidentFacts((field) => cell(row, field), date, note),
          district: textOf(row, 'district', 100, note),
          place: textOf(row, 'place', 200, note),
          subType: textOf(row, 'subType', 100, note),
          perpetrator: textOf(row, 'perpetrator', 200, note),
          opponent: textOf(row, 'opponent', 200, note),
          killed: readTollOf(row, 'killed', note),
          wounded: readTollOf(row, 'wounded', note),
          statusStatement: textOf(row, 'statusStatement', 2000, note),
          description: textOf(row, 'description', 5000, note),
          sources: sourcesOf(row, cell, dates, note),
        },
        columns,
      };
    },
  };
}

function sourcesOf(row: Row, cell: (row: Row, key: string) => Cell, dates: DateReader[], note: Note) {
  const url = cell(row, 'source.url').cell;
  let publisher = cell(row, 'source.publisher').cell;
  if (!publisher && url) publisher = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : '';
  if (!publisher) return [];
  const credibility = cell(row, 'source.credibility');
  const reliability = cell(row, 'source.reliability').cell.toUpperCase();
  return [
    {
      publisher: text(publisher, cell(row, 'source.publisher').column, 200, note),
      title: text(cell(row, 'source.title').cell, cell(row, 'source.title').column, 500, note),
      url: url || null,
      published:
        readDate(
          cell(row, 'source.published').cell,
          cell(row, 'source.published').column,
          dates,
          'the date format',
        )?.date ?? null,
      ...(reliability ? { reliability } : {}),
      ...(credibility.cell
        ? { credibility: parseCount(credibility.cell, credibility.column, note)?.best }
        : {}),
    },
  ];
}
