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

const lineBreakPattern = /\r\n|\r|\n/g;

/**
 * Splits decoded text into records with a real CSV parser (quoted fields, escaped quotes, newlines
 * in quotes, rows longer or shorter than the header). Each record carries the physical line it starts
 * on, counting LF, CRLF and lone CR, inside quoted fields too, as an editor shows them.
 */
export function readRecords(text: string, delimiter: string): CsvRecord[] {
  return readPlainRecords(text, delimiter) ?? readAnyRecords(text, delimiter);
}

const quote = 34;
const lf = 10;
const cr = 13;

/**
 * `readRecords` in one pass for the files nearly every import brings: each quote opens a field
 * and closes it before a delimiter or a line end. Null when one does not, or is never closed:
 * then csv-parse reads the file, as it always did (a stray quote kept as text, the unclosed
 * quote's error). Three passes over the text and a few objects per cell were most of reading a
 * large file's CSV.
 */
export function readPlainRecords(text: string, delimiter: string): CsvRecord[] | null {
  // A delimiter of more than one character, or a line-ending one, is left to csv-parse.
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') return null;
  const d = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const end = text.length;
  let i = 0;
  let line = 1;
  while (i < end) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let c = i < end ? text.charCodeAt(i) : -1;
      if (c === quote) {
        // A quoted field: up to the quote not followed by another; `""` is one quote.
        const from = i + 1;
        let escaped = false;
        i = from;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) return null;
          if (text.charCodeAt(q + 1) === quote) {
            escaped = true;
            i = q + 2;
            continue;
          }
          const body = text.slice(from, q);
          cells.push(escaped ? body.replaceAll('""', '"') : body);
          line += lineBreaks(body);
          i = q + 1;
          break;
        }
        c = i < end ? text.charCodeAt(i) : -1;
        if (c !== d && c !== lf && c !== cr && c !== -1) return null;
      } else {
        const from = i;
        while (c !== d && c !== lf && c !== cr && c !== -1) {
          if (c === quote) return null;
          c = ++i < end ? text.charCodeAt(i) : -1;
        }
        cells.push(text.slice(from, i));
      }
      if (c === d) {
        i++;
        continue;
      }
      // The record ends: at LF, CRLF, a lone CR, or the end of the text.
      if (c === cr && text.charCodeAt(i + 1) === lf) i++;
      if (c !== -1) {
        i++;
        line++;
      }
      break;
    }
    records.push({ record: records.length + 1, line: start, cells });
  }
  return records;
}

/** Line breaks in a quoted cell, counting CRLF once, as an editor shows them. */
function lineBreaks(cell: string): number {
  if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) return 0;
  return cell.match(lineBreakPattern)?.length ?? 0;
}

/** `readRecords` by csv-parse, for any file, after its line endings are made one. */
export function readAnyRecords(text: string, delimiter: string): CsvRecord[] {
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
    line += raw.match(lineBreakPattern)?.length ?? 0;
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
