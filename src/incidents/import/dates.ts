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

type Part = 'year' | 'year2' | 'monthName' | 'month' | 'day' | 'weekday';
const tokens: Record<string, { part: Part; pattern: string }> = {
  YYYY: { part: 'year', pattern: '(\\d{4})' },
  YY: { part: 'year2', pattern: '(\\d{2})' },
  MMMM: { part: 'monthName', pattern: '([A-Za-z]+\\.?)' },
  MMM: { part: 'monthName', pattern: '([A-Za-z]+\\.?)' },
  MM: { part: 'month', pattern: '(\\d{1,2})' },
  M: { part: 'month', pattern: '(\\d{1,2})' },
  DD: { part: 'day', pattern: '(\\d{1,2})' },
  D: { part: 'day', pattern: '(\\d{1,2})' },
  dddd: { part: 'weekday', pattern: '[A-Za-z]+\\.?' },
  ddd: { part: 'weekday', pattern: '[A-Za-z]+\\.?' },
};
/** The tokens, longest first, so that a run of letters such as `YYYYMMDD` splits into them. */
const tokenAt = /^(YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd)/;
/** Any run of characters that are neither letters nor digits: the separators spreadsheets use. */
const separator = '[^A-Za-z0-9]+';
/** A time of day after the date is allowed and ignored (`03/27/1990 00:00:00`, `…T10:00Z`). */
const timeSuffix = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?`;

/** A date format such as `DD/MM/YYYY`, `D MMMM YYYY`, `dddd MMMM D YYYY`, `MMMM YYYY` or `YYYY`. */
export type DateReader = (cell: string) => ReadDate | null;

/**
 * Compiles a date format into a reader. Tokens: YYYY (four-digit year), YY (two digits, 00–69 →
 * 20xx), MMMM or MMM (a month name, full or short), MM or M (month number, one or two digits), DD
 * or D (day, one or two digits), dddd or ddd (a weekday name, full or short: read and ignored, so
 * a misspelt or wrong weekday costs nothing, and a cell without one still reads). Any run of other
 * characters (`-`, `/`, `, `, spaces) is a separator matching any other run: `dddd-MMMM DD-YYYY`
 * reads `Friday, June 18, 2004`. Digits are literal. A format without a day gives month
 * precision, without a month year precision. Throws a plain Error naming the format and the
 * problem for a format that cannot work, such as a letter that is no token.
 */
export function compileDateFormat(format: string): DateReader {
  const parts: Part[] = [];
  let pattern = '';
  // A weekday, and the separator after it, may be missing from a cell: held until that separator.
  let weekday: string | null = null;
  for (const piece of format.match(/[A-Za-z]+|[^A-Za-z]+/g) ?? []) {
    const literal = piece.replace(/[^A-Za-z0-9]+/g, separator);
    if (!/^[A-Za-z]/.test(piece)) {
      pattern += weekday === null ? literal : `(?:${weekday}${literal})?`;
      weekday = null;
      continue;
    }
    for (let rest = piece; rest !== '';) {
      const token = tokenAt.exec(rest)?.[1];
      if (!token) {
        throw new Error(
          `date format ${format} has an unknown token "${piece}" (tokens: YYYY, YY, MMMM, MMM, MM, M, DD, D, dddd, ddd)`,
        );
      }
      if (weekday !== null) pattern += `(?:${weekday})?`;
      weekday = null;
      const { part, pattern: tokenPattern } = tokens[token]!;
      if (part === 'weekday') weekday = tokenPattern;
      else {
        parts.push(part);
        pattern += tokenPattern;
      }
      rest = rest.slice(token.length);
    }
  }
  if (weekday !== null) pattern += `(?:${weekday})?`;
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
