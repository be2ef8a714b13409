import { RowError } from './types.js';

/** A calendar date read from a cell, and how much of it the cell gave. */
export interface ReadDate {
  date: string;
  precision: 'day' | 'month' | 'year';
}

/** The months' names, January first. */
export const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** The month a name stands for: full (`October`), short (`Oct`) or `Sept`; null if none. */
function monthOf(name: string): number | null {
  const key = name.toLowerCase().replace(/\.$/, '');
  if (key.length < 3) return null;
  const i = months.findIndex(
    (m) => m === key || m.slice(0, 3) === key || (key === 'sept' && m === 'september'),
  );
  return i === -1 ? null : i + 1;
}

/** `YYYY-MM-DD` for a real calendar day, else null (31 June, 29 February 2023). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || year > 9999) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

type Part = 'year' | 'year2' | 'monthName' | 'month' | 'day';
const tokens: Record<string, { part: Part; pattern: string }> = {
  YYYY: { part: 'year', pattern: '(\\d{4})' },
  YY: { part: 'year2', pattern: '(\\d{2})' },
  MMMM: { part: 'monthName', pattern: '([A-Za-z]+\\.?)' },
  MMM: { part: 'monthName', pattern: '([A-Za-z]+\\.?)' },
  MM: { part: 'month', pattern: '(\\d{1,2})' },
  M: { part: 'month', pattern: '(\\d{1,2})' },
  DD: { part: 'day', pattern: '(\\d{1,2})' },
  D: { part: 'day', pattern: '(\\d{1,2})' },
};
const tokenPattern = /YYYY|YY|MMMM|MMM|MM|M|DD|D/g;
/** A time of day after the date is allowed and ignored (`03/27/1990 00:00:00`, `…T10:00Z`). */
const timeSuffix = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?`;

/** A date format such as `DD/MM/YYYY`, `D MMMM YYYY`, `MM/DD/YYYY`, `MMMM YYYY` or `YYYY`. */
export type DateReader = (cell: string) => ReadDate | null;

/**
 * Compiles a date format into a reader. Tokens: YYYY, YY (00–69 → 20xx), MMMM or MMM (a month
 * name, full or short), MM or M (month number), DD or D (day); anything else is literal, and
 * spaces match any run of spaces. A format without a day gives month precision, without a month
 * year precision. Throws a plain Error naming the problem for a format that cannot work.
 */
export function compileDateFormat(format: string): DateReader {
  const parts: Part[] = [];
  let pattern = '';
  let from = 0;
  for (const m of format.matchAll(tokenPattern)) {
    pattern += literal(format.slice(from, m.index));
    const token = tokens[m[0]]!;
    parts.push(token.part);
    pattern += token.pattern;
    from = m.index + m[0].length;
  }
  pattern += literal(format.slice(from));
  const has = (p: Part) => parts.includes(p);
  if (!has('year') && !has('year2')) throw new Error(`date format ${format} has no year (YYYY)`);
  if (has('day') && !has('month') && !has('monthName')) {
    throw new Error(`date format ${format} has a day but no month`);
  }
  if (new Set(parts).size !== parts.length) throw new Error(`date format ${format} repeats a part`);
  const regex = new RegExp(`^${pattern}${timeSuffix}$`, 'i');
  return (cell) => {
    const m = regex.exec(cell.trim());
    if (!m) return null;
    let year = 0;
    let month = 1;
    let day = 1;
    for (const [i, part] of parts.entries()) {
      const value = m[i + 1]!;
      if (part === 'year') year = Number(value);
      else if (part === 'year2') year = Number(value) + (Number(value) < 70 ? 2000 : 1900);
      else if (part === 'month') month = Number(value);
      else if (part === 'day') day = Number(value);
      else {
        const n = monthOf(value);
        if (n == null) return null;
        month = n;
      }
    }
    const date = isoDate(year, month, day);
    if (!date) return null;
    const precision = has('day') ? 'day' : has('month') || has('monthName') ? 'month' : 'year';
    return { date, precision };
  };
}

function literal(text: string): string {
  return text
    .split(/\s+/)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
}

const iso = compileDateFormat('YYYY-MM-DD');

/**
 * Reads a date with the given readers in turn; ISO `YYYY-MM-DD` is always understood as well.
 * Throws a RowError for a cell none of them reads; returns null for an empty cell.
 */
export function readDate(
  cell: string,
  column: string,
  readers: readonly DateReader[],
  expected: string,
): ReadDate | null {
  const text = cell.trim();
  if (text === '') return null;
  for (const reader of [...readers, iso]) {
    const read = reader(text);
    if (read) return read;
  }
  throw new RowError(column, `"${text}" is not a date (expected ${expected})`);
}

/** A date a row cannot do without: as `readDate`, and a row error when the cell is empty. */
export function requiredDate(...args: Parameters<typeof readDate>): ReadDate {
  const date = readDate(...args);
  if (!date) throw new RowError(args[1], 'no date');
  return date;
}
