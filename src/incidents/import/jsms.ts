import { incidentTypes } from '../incident.js';
import { compileDateFormat, readDate, requiredDate } from './dates.js';
import type { Row } from './text.js';
import { type Note, type RowReader, RowError } from './types.js';
import { type Cell, incidentFacts, parseCount, readToll, text, type TollPart } from './values.js';

/**
 * The JSMS incident template (docs/incident-template.csv): one row per incident, these columns and
 * no others, in any order; only `date` and `type` are required in the header. Dates are
 * `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` for month or year precision); any count may be a range
 * `10-15` or an open value `40+` (see `Count`); `source_reliability` may carry the whole Admiralty
 * grade (`B2`).
 */
export const templateColumns = [
  'date',
  'date_precision',
  'province',
  'district',
  'place',
  'lat',
  'lon',
  'geo_precision',
  'type',
  'sub_type',
  'perpetrator',
  'opponent',
  'claimed',
  'target',
  'killed_civilians',
  'killed_security',
  'killed_militants',
  'killed_foreign',
  'killed_unknown',
  'killed_best',
  'killed_low',
  'killed_high',
  'wounded_civilians',
  'wounded_security',
  'wounded_militants',
  'wounded_foreign',
  'wounded_unknown',
  'wounded_best',
  'wounded_low',
  'wounded_high',
  'kidnapped',
  'status',
  'status_statement',
  'description',
  'source_publisher',
  'source_title',
  'source_url',
  'source_date',
  'source_reliability',
  'source_credibility',
  'source_key',
] as const;

const dates = [compileDateFormat('YYYY-MM'), compileDateFormat('YYYY')];
const suffixes: Record<TollPart, string> = {
  best: 'best',
  low: 'low',
  high: 'high',
  civilians: 'civilians',
  security: 'security',
  militants: 'militants',
  foreignNationals: 'foreign',
  unknown: 'unknown',
};

/** `killed` → killed_best, `killed.foreignNationals` → killed_foreign…, for rejections. */
const tollColumns: Record<string, string> = Object.fromEntries(
  (['killed', 'wounded'] as const).flatMap((prefix) => [
    [prefix, `${prefix}_best`],
    ...Object.entries(suffixes).map(([part, suffix]) => [`${prefix}.${part}`, `${prefix}_${suffix}`]),
  ]),
);

/** Each toll part's column, by prefix: named once, not for every row. */
const tollPartColumns = Object.fromEntries(
  (['killed', 'wounded'] as const).map((prefix) => [
    prefix,
    (Object.entries(suffixes) as [TollPart, string][]).map(([part, suffix]) => [part, `${prefix}_${suffix}`]),
  ]),
) as Record<'killed' | 'wounded', [TollPart, string][]>;

function templateToll(row: Row, prefix: 'killed' | 'wounded', note: Note) {
  const cells: Partial<Record<TollPart, { cell: string; column: string }>> = {};
  for (const [part, column] of tollPartColumns[prefix]) cells[part] = { cell: row.get(column), column };
  return readToll(cells, note);
}

/** Fields' columns, remembered: the same few are looked up for every row of a large file. */
const fieldColumns = new Map<string, string>();

/** A field's cell in the template: its column is the field's name in snake_case. */
function templateCell(row: Row, field: string): Cell {
  let column = fieldColumns.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    fieldColumns.set(field, column);
  }
  return { cell: row.get(column), column };
}

/** The column behind each account field, for rejections: one object for every row. */
const fieldColumnNames: Record<string, string> = {
  date: 'date',
  datePrecision: 'date_precision',
  province: 'province',
  district: 'district',
  place: 'place',
  lat: 'lat',
  lon: 'lon',
  geoPrecision: 'geo_precision',
  type: 'type',
  subType: 'sub_type',
  perpetrator: 'perpetrator',
  opponent: 'opponent',
  claimed: 'claimed',
  target: 'target',
  ...tollColumns,
  kidnapped: 'kidnapped',
  status: 'status',
  statusStatement: 'status_statement',
  description: 'description',
  sources: 'source_publisher',
  'sources.title': 'source_title',
  'sources.url': 'source_url',
  'sources.published': 'source_date',
  'sources.reliability': 'source_reliability',
  'sources.credibility': 'source_credibility',
};

/** The row's one source, if it names one; the publisher defaults to the URL's host. */
function sourceOf(row: Row, note: Note) {
  const url = row.get('source_url');
  let publisher = row.get('source_publisher');
  if (!publisher && url) {
    try {
      publisher = new URL(url).hostname.replace(/^www\./, '');
    } catch {
      throw new RowError('source_url', `"${url}" is not a URL`);
    }
  }
  if (!publisher) {
    for (const column of ['source_title', 'source_date', 'source_reliability', 'source_credibility']) {
      if (row.get(column)) throw new RowError('source_publisher', `${column} is given but no publisher`);
    }
    return [];
  }
  const grade = /^([A-Fa-f])\s*([1-6])?$/.exec(row.get('source_reliability'));
  if (row.get('source_reliability') && !grade) {
    throw new RowError('source_reliability', `"${row.get('source_reliability')}" is not a grade A–F`);
  }
  const credibility = row.get('source_credibility') || grade?.[2];
  return [
    {
      publisher: text(publisher, 'source_publisher', 200, note),
      title: text(row.get('source_title'), 'source_title', 500, note),
      url: url || null,
      published: readDate(row.get('source_date'), 'source_date', [], 'YYYY-MM-DD')?.date ?? null,
      reliability: grade?.[1]?.toUpperCase(),
      credibility: credibility ? parseCount(credibility, 'source_credibility', note)?.best : undefined,
    },
  ];
}

export const jsmsReader: RowReader = {
  required: ['date', 'type'],
  only: templateColumns,
  dateColumn: 'date',
  read(row, note) {
    const date = requiredDate(row.get('date'), 'date', dates, 'YYYY-MM-DD');
    if (!row.get('type')) throw new RowError('type', `no type (one of ${incidentTypes.join(', ')})`);
    const key = row.get('source_key');
    return {
      sourceKey: key || null,
      raw: {
        ...incidentFacts((field) => templateCell(row, field), date, note),
        district: row.get('district') || null,
        place: row.get('place') || null,
        subType: row.get('sub_type') || null,
        perpetrator: row.get('perpetrator') || null,
        opponent: row.get('opponent') || null,
        killed: templateToll(row, 'killed', note),
        wounded: templateToll(row, 'wounded', note),
        statusStatement: row.get('status_statement') || null,
        description: text(row.get('description'), 'description', 5000, note),
        sources: sourceOf(row, note),
      },
      columns: fieldColumnNames,
    };
  },
};
