import {
  datePrecisions,
  geoPrecisions,
  incidentStatuses,
  incidentTypes,
  normaliseProvince,
  targetCategories,
} from '../incident.js';
import type { ReadDate } from './dates.js';
import { type Note, RowError } from './types.js';

/**
 * A number of people as a cell gives it. The rule for ranges and open values:
 * - `12` → best 12, no range;
 * - `10-15` (also `10–15`, `10 to 15`) → low 10, high 15, best 10: the best estimate is the low end,
 *   the figure every source agrees on, as ACLED and the think-tank reports count (never a midpoint);
 * - `15-10` → the same after swapping the ends, with a note (a slip, not an error);
 * - `40+` (also `>40`, `over 40`, `at least 40`) → low 40, best 40, high unknown;
 * - `about 12`, `~12` → best 12; `nil`, `none` → 0; '', `-`, `?`, `n/a`, `unknown` → unknown.
 */
export interface Count {
  best: number;
  low: number | null;
  high: number | null;
}

const unknownMarks = /^(-|–|—|\?|n\/?a|unknown|unk\.?|not known)$/i;
const zeroMarks = /^(nil|none|no)$/i;
const num = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?`;
const plain = new RegExp(`^${num}$`);
const range = new RegExp(`^${num}\\s*(?:-|–|—|to)\\s*${num}$`, 'i');
const open = new RegExp(`^(?:${num}\\s*\\+|(?:>=?|≥|over|more than|at least)\\s*${num})$`, 'i');
const approx = new RegExp(`^(?:~|c\\.|ca\\.|about|approx\\.?|around)\\s*${num}$`, 'i');

const toInt = (digits: string) => Number(digits.replace(/,/g, ''));

/** Reads a count cell (see `Count`); null when empty or unknown. A swapped range is noted. */
export function parseCount(cell: string, column: string, note: Note): Count | null {
  const text = cell.trim();
  if (text === '' || unknownMarks.test(text)) return null;
  if (zeroMarks.test(text)) return { best: 0, low: null, high: null };
  let m = plain.exec(text) ?? approx.exec(text);
  if (m) return { best: toInt(m[1]!), low: null, high: null };
  m = range.exec(text);
  if (m) {
    let low = toInt(m[1]!);
    let high = toInt(m[2]!);
    if (low > high) {
      note(column, `range ${text} runs from high to low: read as ${high}-${low}`);
      [low, high] = [high, low];
    }
    return { best: low, low, high };
  }
  m = open.exec(text);
  if (m) {
    const low = toInt((m[1] ?? m[2])!);
    return { best: low, low, high: null };
  }
  throw new RowError(column, `"${text}" is not a number of people (write 12, 10-15 or 40+)`);
}

/** A single count for a category cell (civilians, security…): a range counts its low end, with a note. */
export function parseCategory(cell: string, column: string, note: Note): number | null {
  const count = parseCount(cell, column, note);
  if (count && count.low != null && (count.high == null || count.high !== count.low)) {
    note(column, `${cell.trim()} counted as ${count.best}, the low end`);
  }
  return count?.best ?? null;
}

/** A decimal number (coordinates); null when empty. */
export function parseDecimal(cell: string, column: string): number | null {
  const text = cell.trim();
  if (text === '') return null;
  const value = Number(text);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(value)) {
    throw new RowError(column, `"${text}" is not a number`);
  }
  return value;
}

/** yes/no, true/false, 1/0, claimed/unclaimed; null when empty or unknown (GTD's -9). */
export function parseYesNo(cell: string, column: string): boolean | null {
  const text = cell.trim().toLowerCase();
  if (text === '' || text === '-9' || unknownMarks.test(text)) return null;
  if (['yes', 'y', 'true', '1', 'claimed'].includes(text)) return true;
  if (['no', 'n', 'false', '0', 'unclaimed', 'not claimed'].includes(text)) return false;
  throw new RowError(column, `"${cell.trim()}" is not yes or no`);
}

/**
 * The form in which an enum value is compared: `Suicide attack`, `suicide-attack` → `suicide_attack`.
 * A value that matches none is returned as written, so validation names it.
 */
export function enumValue<T extends string>(cell: string, values: readonly T[]): T | string | null {
  const text = cell.trim();
  if (text === '') return null;
  const key = text.toLowerCase().replace(/[\s-]+/g, '_');
  return values.find((v) => v === key) ?? text;
}

/**
 * A province in its one spelling. Two gaps of `normaliseProvince` are covered here: `&` reads as
 * `and` (UCDP's `Azad Jammu & Kashmir`), and GTD's `North-West Frontier Province`, whose alias
 * there is never reached because ` Province` is cut off first.
 */
export function province(cell: string): string | null {
  const name = cell.replace(/\s*&\s*/g, ' and ');
  if (/^\s*north[\s-]*west\s+frontier(\s+province)?\s*$/i.test(name)) return 'Khyber Pakhtunkhwa';
  return normaliseProvince(name);
}

/** Text or null; text longer than `max` is cut (with a note) rather than losing the row. */
export function text(cell: string, column: string, max: number, note: Note): string | null {
  const value = cell.trim();
  if (value === '') return null;
  if (value.length <= max) return value;
  note(column, `cut from ${value.length} to ${max} characters`);
  return `${value.slice(0, max - 1)}…`;
}

/** The parts of a toll before validation, as every format builds it. */
export interface TollParts {
  total?: Count | null;
  low?: number | null;
  high?: number | null;
  civilians?: number | null;
  security?: number | null;
  militants?: number | null;
  foreignNationals?: number | null;
  unknown?: number | null;
}

/** A toll from its parts as the source gives them: explicit low and high columns win over a range in the best cell. */
export function toll(parts: TollParts): Record<string, number | null> {
  const result: Record<string, number | null> = {
    best: parts.total?.best ?? null,
    low: parts.low ?? parts.total?.low ?? null,
    high: parts.high ?? parts.total?.high ?? null,
  };
  // No best given: a range counts its low end (taken after a swapped pair is put right); a lone
  // minimum or maximum is the source's one figure, so it is low, best and high alike.
  if (parts.total == null && result.low != null && result.high != null) {
    result.best = Math.min(result.low, result.high);
  } else if (parts.total == null && (result.low != null || result.high != null)) {
    result.best = result.low = result.high = result.low ?? result.high ?? null;
  }
  for (const key of ['civilians', 'security', 'militants', 'foreignNationals', 'unknown'] as const) {
    if (parts[key] != null) result[key] = parts[key];
  }
  return result;
}

/**
 * Makes a toll's range consistent without losing the row: low above high is swapped, and a best
 * estimate outside the range widens it (the best is the figure reports count). Each repair is
 * noted under the column it changed.
 */
export function repairRange(
  value: unknown,
  columns: { best: string; low: string; high: string },
  note: Note,
): void {
  if (value == null || typeof value !== 'object') return;
  const t = value as Record<string, number | null | undefined>;
  if (t.low != null && t.high != null && t.low > t.high) {
    note(columns.low, `low ${t.low} above high ${t.high}: swapped`);
    [t.low, t.high] = [t.high, t.low];
  }
  if (t.best != null && t.low != null && t.best < t.low) {
    note(columns.low, `best ${t.best} below low ${t.low}: low lowered to ${t.best}`);
    t.low = t.best;
  }
  if (t.best != null && t.high != null && t.best > t.high) {
    note(columns.high, `best ${t.best} above high ${t.high}: high raised to ${t.best}`);
    t.high = t.best;
  }
}

export const tollParts = [
  'best',
  'low',
  'high',
  'civilians',
  'security',
  'militants',
  'foreignNationals',
  'unknown',
] as const;
export type TollPart = (typeof tollParts)[number];

/**
 * A toll from cells: `best` may hold a range or an open value (`10-15`, `40+`) that gives low and
 * high too; a `low` cell counts its low end, a `high` cell its high end; a category its low end.
 */
export function readToll(
  cells: Partial<Record<TollPart, { cell: string; column: string }>>,
  note: Note,
): Record<string, number | null> {
  const read = (part: TollPart) => {
    const c = cells[part];
    return c ? parseCount(c.cell, c.column, note) : null;
  };
  const low = read('low');
  const high = read('high');
  const parts: TollParts = {
    total: read('best'),
    low: low ? (low.low ?? low.best) : null,
    high: high ? (high.high ?? high.best) : null,
  };
  for (const part of ['civilians', 'security', 'militants', 'foreignNationals', 'unknown'] as const) {
    const c = cells[part];
    parts[part] = c ? parseCategory(c.cell, c.column, note) : null;
  }
  return toll(parts);
}

/** A cell as a format finds a field's: its text and the column to report it under. */
export interface Cell {
  cell: string;
  column: string;
}

/**
 * The facts of an incident every format with a column per field reads alike: its date's
 * precision, where, what, who claimed it, the target, the kidnapped and the status.
 */
export function incidentFacts(cellOf: (field: string) => Cell, date: ReadDate, note: Note) {
  const [lat, lon, claimed, kidnapped] = ['lat', 'lon', 'claimed', 'kidnapped'].map(cellOf) as [
    Cell,
    Cell,
    Cell,
    Cell,
  ];
  return {
    date: date.date,
    datePrecision: enumValue(cellOf('datePrecision').cell, datePrecisions) ?? date.precision,
    province: province(cellOf('province').cell),
    lat: parseDecimal(lat.cell, lat.column),
    lon: parseDecimal(lon.cell, lon.column),
    geoPrecision: enumValue(cellOf('geoPrecision').cell, geoPrecisions),
    type: enumValue(cellOf('type').cell, incidentTypes),
    claimed: parseYesNo(claimed.cell, claimed.column),
    target: enumValue(cellOf('target').cell, targetCategories),
    kidnapped: parseCount(kidnapped.cell, kidnapped.column, note)?.best ?? null,
    status: enumValue(cellOf('status').cell, incidentStatuses) ?? undefined,
  };
}
