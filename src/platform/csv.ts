import { parse } from 'csv-parse/sync';

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
  const records = parse(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
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
