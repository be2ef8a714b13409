import type { z } from 'zod';
import { fieldIssues, validationFailed } from '../../platform/errors.js';
import { accountInput } from '../incident.js';
import type { NewIncident } from '../incident.rows.js';
import { acledReader } from './acled.js';
import { gtdReader } from './gtd.js';
import { jsmsReader } from './jsms.js';
import { mappedReader } from './mapped.js';
import type { ColumnMapping } from './mapping.js';
import { decodeFile } from '../../platform/text-encoding.js';
import { columnKey, detectDelimiter, headerIndex, readRecords, Row } from './text.js';
import {
  type IncidentFormat,
  type ParseResult,
  type ParsedRow,
  type NoteKind,
  type RejectedRow,
  type RowNote,
  type RowPlace,
  type RowReader,
  RowError,
} from './types.js';
import { ucdpReader } from './ucdp.js';
import { repairRange } from './values.js';

export type { ColumnMapping } from './mapping.js';
export { parseMapping } from './mapping.js';
export * from './types.js';

/**
 * Turns a file's bytes (or its text, already decoded) into incidents, without storing anything.
 * Detects the encoding, reads the
 * CSV (any line endings, quoted newlines, trailing commas), finds the header row, and for each
 * row yields an incident, a rejection naming the line, column and reason, or a skip (blank and
 * totals rows, which are never counted). Throws a `validation_failed` AppError when the file as a
 * whole cannot be read: a header without the format's columns, an unclosed quote, UTF-16.
 */
export function parseIncidentFile(
  file: Uint8Array | string,
  format: IncidentFormat,
  mapping?: ColumnMapping,
): ParseResult {
  const rows: ParsedRow[] = [];
  const parts = incidentFileParts(file, format, mapping);
  for (;;) {
    const step = parts.next();
    if (step.done) return { ...step.value, rows };
    for (const row of step.value) rows.push(row);
  }
}

/**
 * `parseIncidentFile` a part at a time: yields the incidents in parts of about `partSize` rows as
 * they are read, and returns the rest of the result, so a worker can hand one part over while it
 * reads the next. Throws, as it does, before the first part when the file cannot be read.
 */
export function* incidentFileParts(
  file: Uint8Array | string,
  format: IncidentFormat,
  mapping?: ColumnMapping,
  partSize = 1000,
): Generator<ParsedRow[], Omit<ParseResult, 'rows'>> {
  const { text, encoding } = decodeFile(file);
  const rest = yield* readRowParts(text, readerFor(format, mapping), partSize);
  return { encoding, ...rest };
}

function readerFor(format: IncidentFormat, mapping: ColumnMapping | undefined): RowReader {
  switch (format) {
    case 'ucdp':
      return ucdpReader;
    case 'acled':
      return acledReader;
    case 'gtd':
      return gtdReader;
    case 'jsms':
      return jsmsReader;
    case 'csv':
      if (!mapping)
        throw validationFailed('mapping', 'The csv format needs a column mapping (--mapping MAP.yaml)');
      return mappedReader(mapping);
  }
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');
const totalsWord = /^(grand\s+|sub-?\s*)?totals?\b|^sum$/i;
const numberLike = /^[\d\s.,+%()–-]+$/;

/**
 * A totals row: its first cell or its date cell says Total (Grand total, Sub-total), or it has
 * no date and nothing but numbers.
 */
function isTotalsRow(row: Row, reader: RowReader): boolean {
  const first = row.cells.find((c) => c.trim() !== '')?.trim() ?? '';
  const date = reader.dateColumn ? row.get(reader.dateColumn) : '';
  if (totalsWord.test(first) || totalsWord.test(date)) return true;
  if (reader.dateColumn == null || date !== '') return false;
  return row.cells.every((c) => c.trim() === '' || numberLike.test(c.trim()));
}

/** Reads decoded text with one format's row reader, yielding the incidents a part at a time. */
function* readRowParts(
  text: string,
  reader: RowReader,
  partSize: number,
): Generator<ParsedRow[], Omit<ParseResult, 'encoding' | 'rows'>> {
  const result: Omit<ParseResult, 'encoding'> = { rows: [], rejected: [], skipped: [], notes: [] };
  const records = readRecords(text, reader.delimiter ?? detectDelimiter(text));
  const at = findHeader(records, reader);
  for (const record of records.slice(0, at)) {
    result.skipped.push({
      record: record.record,
      line: record.line,
      reason: isBlank(record.cells) ? 'blank row' : 'above the header row',
    });
  }
  const header = records[at]!.cells;
  if (reader.only) checkOnly(header, reader.only);
  const index = headerIndex(header);

  for (let i = at + 1; i < records.length; i++) {
    const { record, line, cells } = records[i]!;
    if (isBlank(cells)) {
      result.skipped.push({ record, line, reason: 'blank row' });
      continue;
    }
    const row = new Row(record, line, cells, index);
    if (isTotalsRow(row, reader)) {
      result.skipped.push({ record, line, reason: 'totals row' });
      continue;
    }
    const notes: RowNote[] = [];
    const note = (field: string, message: string, kind: NoteKind = 'repaired') =>
      notes.push({ record, line, kind, field, message });
    try {
      const read = reader.read(row, note);
      if ('skip' in read) {
        result.skipped.push({ record, line, reason: read.skip });
        continue;
      }
      for (const toll of ['killed', 'wounded'] as const) {
        const best = read.columns[toll] ?? toll;
        const low = read.columns[`${toll}.low`] ?? best;
        const high = read.columns[`${toll}.high`] ?? best;
        repairRange(read.raw[toll], { best, low, high }, note);
      }
      const parsed = accountInput.safeParse(read.raw);
      if (!parsed.success) {
        result.rejected.push(rejection({ record, line }, parsed.error.issues, read.raw, read.columns));
        continue;
      }
      // zod's output is a fresh object: the key goes onto it rather than onto a copy of it.
      const incident: NewIncident = parsed.data;
      incident.sourceKey = read.sourceKey;
      result.rows.push({ record, line, incident });
      result.notes.push(...notes);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      result.rejected.push({ record, line, field: error.field, message: error.message });
    }
    if (result.rows.length >= partSize) {
      yield result.rows;
      result.rows = [];
    }
  }
  const { rows, ...rest } = result;
  if (rows.length > 0) yield rows;
  return rest;
}

/** The header row: the first record, among the first 50, that has every column the format needs. */
function findHeader(records: readonly { line: number; cells: string[] }[], reader: RowReader): number {
  const first = records.findIndex((r) => !isBlank(r.cells));
  if (first === -1) throw validationFailed('file', 'The file is empty: it has no header row');
  const missingIn = (cells: readonly string[]) => {
    const index = headerIndex(cells);
    return reader.required.filter((c) => !index.has(columnKey(c)));
  };
  for (let i = first; i < Math.min(records.length, first + 50); i++) {
    if (!isBlank(records[i]!.cells) && missingIn(records[i]!.cells).length === 0) return i;
  }
  const missing = missingIn(records[first]!.cells).map((c) =>
    reader.labels?.[c] ? `"${c}" (${reader.labels[c]})` : `"${c}"`,
  );
  throw validationFailed(
    'header',
    `Line ${records[first]!.line}: the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
  );
}

function checkOnly(header: readonly string[], only: readonly string[]): void {
  const known = new Set(only.map(columnKey));
  const unknown = header.filter((h) => columnKey(h) !== '' && !known.has(columnKey(h)));
  if (unknown.length > 0) {
    throw validationFailed(
      'header',
      `Unknown column "${unknown[0]!.trim()}"; the columns are ${only.join(', ')}`,
    );
  }
}

/** A row's first validation issue as a rejection naming the file's column and the value at fault. */
function rejection(
  place: RowPlace,
  issues: readonly z.core.$ZodIssue[],
  raw: Record<string, unknown>,
  columns: Record<string, string>,
): RejectedRow {
  const issue = fieldIssues(issues)[0]!;
  const path = issue.field.split('.').filter(Boolean);
  const names = path.filter((p) => !/^\d+$/.test(p));
  const field = columns[names.join('.')] ?? columns[names[0] ?? ''] ?? (names.join('.') || 'row');
  let value: unknown = raw;
  for (const key of path) {
    value = value != null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  // The value leads when it is the culprit (`"bombing" is not one of …`), else follows the reason.
  const message =
    issues[0]!.code === 'invalid_value'
      ? `"${String(value)}" ${issue.message}`
      : typeof value === 'string' || typeof value === 'number'
        ? `${issue.message} (${JSON.stringify(value)})`
        : issue.message;
  return { ...place, field, message };
}
