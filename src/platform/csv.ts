import { CsvError, parse } from 'csv-parse/sync';
import { validationFailed } from './errors.js';

/** One data row of a CSV file with the line it starts on (1-based, the header is line 1). */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Parses CSV text with a header row into rows keyed by lower-cased, trimmed header names. Handles
 * quoted fields with newlines, CRLF, a byte-order mark and blank lines; reports each row's line.
 */
export function parseCsv(text: string): { headers: string[]; rows: CsvRow[] } {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as typeof records;
  } catch (error) {
    // A malformed file is the caller's to fix: say where, as a 400, not a 500.
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw validationFailed('file', `${line ? `Line ${line}: ` : ''}${error.message}`);
  }
  const [header, ...body] = records;
  if (!header) return { headers: [], rows: [] };
  const headers = header.record.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const rows = body.map(({ record, info, raw }) => {
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h) values[h] = (record[i] ?? '').trim();
    });
    // The parser counts the line a record ends on; a quoted field may span several lines, and
    // skipped blank lines come before the record in its raw text.
    const inner =
      raw
        .replace(/^(\r\n|\n|\r)+/, '')
        .replace(/(\r\n|\n|\r)$/, '')
        .split(/\r\n|\n|\r/).length - 1;
    return { line: info.lines - inner, values };
  });
  return { headers, rows };
}

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): `=`, `+`,
 * `-`, `@`, tab and carriage return. Leading spaces are looked through too, since some
 * spreadsheets trim them on import.
 */
const formulaStart = /^[ ]*[=+\-@\t\r]/;

/**
 * One CSV cell. Text that could start a formula gets a leading `'`, so the spreadsheet shows it as
 * text; a cell with a comma, quote or line break is quoted. A JavaScript number is written as it
 * is, even when negative (a change of -12.5%): it is a figure the code computed, never user text,
 * so `-12.5` stays a number the spreadsheet can sum. Text that looks like a number is still text
 * and is neutralised.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole CSV file (RFC 4180, CRLF line ends) from rows of cells. Every CSV the product writes
 * goes through here, so every cell is neutralised the same way.
 */
export function writeCsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
