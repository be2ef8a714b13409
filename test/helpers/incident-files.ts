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
