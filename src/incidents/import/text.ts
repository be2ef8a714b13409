import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { validationFailed } from '../../platform/errors.js';

/** Windows-1252 bytes 0x80–0x9F, where it differs from Latin-1 (WHATWG index-windows-1252). */
const cp1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 to text. Not `TextDecoder('windows-1252')`: Node 20.18.3+ and 22.13+ decode it as
 * Latin-1, so 0x92 comes out as U+0092 instead of ’ (nodejs/node#56542, #60888).
 */
function decodeWindows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(cp1252High[c.charCodeAt(0) - 0x80]!));
}

/**
 * Decodes a file: valid UTF-8 is UTF-8, anything else is read as Windows-1252 (what Excel and
 * older exports write on Windows; every byte decodes, so nothing is lost silently). A BOM is dropped.
 */
export function decodeBytes(bytes: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw validationFailed('file', 'The file is UTF-16; save it as CSV (UTF-8) and import it again');
  }
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'utf-8' };
  }
  return { text: decodeWindows1252(body), encoding: 'windows-1252' };
}

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

/** One record of the file with the physical line it starts on. */
export interface CsvRecord {
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
    records.push({ line, cells: record });
    line += raw.match(lineBreaks)?.length ?? 0;
  }
  return records;
}

/** A data row: cells looked up by column name as the format or mapping spells it. */
export class Row {
  constructor(
    readonly line: number,
    readonly cells: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  /** The trimmed cell of a column; '' when the column or the cell is missing. */
  get(column: string): string {
    const i = this.index.get(columnKey(column));
    return i === undefined ? '' : (this.cells[i] ?? '').trim();
  }

  /** Whether the header has this column. */
  has(column: string): boolean {
    return this.index.has(columnKey(column));
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
