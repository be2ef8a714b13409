import { expect } from 'vitest';
import type { parseIncidentFile } from '../../src/incidents/import/parse.js';

/**
 * Asserts that an incident file was read as Windows-1252, rejecting no row and skipping exactly the
 * rows given, as line number to reason (listed in line order, as the parser reports them).
 */
export function expectReadAsWindows1252(
  result: ReturnType<typeof parseIncidentFile>,
  skipped: Readonly<Record<number, string>>,
): void {
  expect(result.encoding).toBe('windows-1252');
  expect(result.rejected).toEqual([]);
  expect(result.skipped.map(({ line, reason }) => ({ line, reason }))).toEqual(
    Object.entries(skipped).map(([line, reason]) => ({ line: Number(line), reason })),
  );
}

/** A CSV cell as the dataset exports write it: quoted where a comma, quote or line break needs it. */
const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The data lines of a dataset export with this header: each column's value from `base`, with a
 * row's own values over it; `trailingComma` where the export ends every data line with one.
 */
export function exportRow(
  header: string,
  base: Readonly<Record<string, string>>,
  options: { trailingComma?: boolean } = {},
): (values: Readonly<Record<string, string>>) => string {
  const columns = header.split(',');
  return (values) => {
    const merged: Record<string, string> = { ...base, ...values };
    const line = columns.map((c) => quote(merged[c] ?? '')).join(',');
    return options.trailingComma ? `${line},` : line;
  };
}
