import { parse } from 'csv-parse/sync';
import { validationFailed } from '../../platform/errors.js';
import { RowError } from './types.js';
export { decodeBytes } from '../../platform/text-encoding.js';

/**
 * Turns every record-ending CRLF or lone CR into LF, so files mixing LF, CRLF and old Mac CR
 * parse alike. Line breaks inside quoted fields are data and stay as they are. A quote opens a
 * quoted field only at the start of a field, as csv-parse reads it; `""` inside is an escaped quote.
 */
export function normaliseLineEndings(
  text: string,
  delimiter: string,
): { text: string; unclosedQuoteLine: number | null } {
  const chunks: string[] = [];
  let from = 0;
  let inQuotes = false;
  let fieldStart = true;
  let line = 1;
  let quoteLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
        line++;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      quoteLine = line;
      fieldStart = false;
    } else if (c === '\r') {
      chunks.push(text.slice(from, i), '\n');
      if (text[i + 1] === '\n') i++;
      from = i + 1;
      line++;
      fieldStart = true;
    } else if (c === '\n') {
      line++;
      fieldStart = true;
    } else {
      fieldStart = c === delimiter;
    }
  }
  chunks.push(text.slice(from));
  return { text: chunks.join(''), unclosedQuoteLine: inQuotes ? quoteLine : null };
}

/** The loose form in which header names and mapping columns are compared: case, `_`, `-` and spaces ignored. */
export function columnKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

/**
 * `columnKey` of the names the readers look cells up by, remembered: a row is looked up dozens of
 * times, and the same few names' keys were a tenth of reading a large file.
 */
const lookupKeys = new Map<string, string>();
function rowColumnKey(column: string): string {
  let key = lookupKeys.get(column);
  if (key === undefined) lookupKeys.set(column, (key = columnKey(column)));
  return key;
}

/** One record of the file with the physical line it starts on. */
export interface CsvRecord {
  /** The record's number in the file, the first = 1, as a spreadsheet numbers its rows. */
  record: number;
  line: number;
  cells: string[];
}

/** The delimiter a header line suggests: `;` or a tab when they outnumber commas (European Excel). */
export function detectDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r|\n/) === -1 ? text.length : text.search(/\r|\n/));
  const count = (d: string) => first.split(d).length - 1;
  const best = [',', ';', '\t'].sort((a, b) => count(b) - count(a))[0]!;
  return count(best) > 0 ? best : ',';
}

const lineBreaks = /\r\n|\r|\n/g;

/**
 * Splits decoded text into records with a real CSV parser (quoted fields, escaped quotes, newlines
 * in quotes, rows longer or shorter than the header). Each record carries the physical line it starts
 * on, counting LF, CRLF and lone CR, inside quoted fields too, as an editor shows them.
 */
export function readRecords(text: string, delimiter: string): CsvRecord[] {
  const normal = normaliseLineEndings(text, delimiter);
  if (normal.unclosedQuoteLine != null) {
    throw validationFailed(
      'file',
      `Line ${normal.unclosedQuoteLine}: a quoted field is never closed, so the rest of the file cannot be read`,
    );
  }
  const parsed = parse(normal.text, {
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    raw: true,
  }) as unknown as { record: string[]; raw: string }[];
  const records: CsvRecord[] = [];
  let line = 1;
  for (const { record, raw } of parsed) {
    records.push({ record: records.length + 1, line, cells: record });
    line += raw.match(lineBreaks)?.length ?? 0;
  }
  return records;
}

/** A data row: cells looked up by column name as the format or mapping spells it. */
export class Row {
  constructor(
    readonly record: number,
    readonly line: number,
    readonly cells: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  /** The trimmed cell of a column; '' when the column or the cell is missing. */
  get(column: string): string {
    const i = this.index.get(rowColumnKey(column));
    return i === undefined ? '' : (this.cells[i] ?? '').trim();
  }

  /** The cell of a column a row cannot do without; a row error saying `no <what>` when empty. */
  required(column: string, what: string): string {
    const cell = this.get(column);
    if (!cell) throw new RowError(column, `no ${what}`);
    return cell;
  }

  /** Whether the header has this column. */
  has(column: string): boolean {
    return this.index.has(rowColumnKey(column));
  }
}

/** Positions of the header's named columns; the first of two equal names wins, unnamed ones are left out. */
export function headerIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = columnKey(name);
    if (key && !index.has(key)) index.set(key, i);
  });
  return index;
}
