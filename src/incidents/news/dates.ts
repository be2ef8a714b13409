/**
 * Dates and periods in news text, resolved against the publication date (never the clock):
 * "yesterday", "on Monday", "last week", "last month", "October 6", "6 October 2024",
 * "October 2024"; and report periods: "third quarter of 2024", "July–September 2024".
 */

import { months } from '../import/dates.js';
import { numberWords } from './numbers.js';

export type DatePrecision = 'day' | 'week' | 'month' | 'year';

export interface DateMention {
  date: string;
  precision: DatePrecision;
  start: number;
  end: number;
  text: string;
}

export interface Period {
  from: string;
  to: string;
  /** 'range', 'quarter' and 'half' name a report period; 'month' and 'year' may be incidental. */
  kind: 'range' | 'quarter' | 'half' | 'month' | 'year' | 'to_date';
  start: number;
}

const month =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)';
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const weekday = '(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)';
const ordinal = '(?:st|nd|rd|th)?';

interface Ymd {
  y: number;
  m: number; // 1–12
  d: number;
}

/** Parses `YYYY-MM-DD`; throws on anything else, since every rule depends on it. */
export function parseIsoDate(text: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ymd = m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
  if (!ymd || iso(toUtc(ymd)) !== text) throw new RangeError(`not a YYYY-MM-DD date: ${text}`);
  return ymd;
}

function toUtc({ y, m, d }: Ymd): Date {
  // Not Date.UTC(y, …): it reads years 0–99 as 1900–1999, so 0028-02-29 came back as 1928.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function fromUtc(date: Date): Ymd {
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function addDays(ymd: Ymd, days: number): Ymd {
  const date = toUtc(ymd);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

function addMonths({ y, m }: Ymd, months: number): Ymd {
  const index = y * 12 + (m - 1) + months;
  return { y: Math.floor(index / 12), m: (index % 12) + 1, d: 1 };
}

function format(ymd: Ymd): string {
  return iso(toUtc(ymd));
}

function lastDayOf(y: number, m: number): string {
  return iso(new Date(Date.UTC(y, m, 0)));
}

function monthNumber(name: string): number {
  const key = name.toLowerCase().replace(/\.$/, '');
  return months.findIndex((n) => n.startsWith(key.slice(0, 3))) + 1;
}

/** Monday of the week holding `ymd` (ISO weeks). */
function mondayOf(ymd: Ymd): Ymd {
  const dow = toUtc(ymd).getUTCDay();
  return addDays(ymd, -((dow + 6) % 7));
}

/** The year in which day/month last fell on or before the publication date. */
function inferYear(m: number, d: number, published: Ymd): number {
  return m > published.m || (m === published.m && d > published.d) ? published.y - 1 : published.y;
}

function isValidDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && format({ y, m, d }) === `${y}-${pad(m)}-${pad(d)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

type Rule = [RegExp, (m: RegExpExecArray, p: Ymd) => Omit<DateMention, 'start' | 'end' | 'text'> | null];

const rules: Rule[] = [
  [/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => day(Number(m[1]), Number(m[2]), Number(m[3]))],
  [
    new RegExp(`\\b(\\d{1,2})${ordinal}\\s+(?:of\\s+)?${month}\\.?,?\\s+(\\d{4})\\b`, 'g'),
    (m) => day(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1])),
  ],
  [
    new RegExp(`\\b${month}\\.?\\s+(\\d{1,2})${ordinal},?\\s+(\\d{4})\\b`, 'g'),
    (m) => day(Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2])),
  ],
  [
    new RegExp(`\\b${month}\\.?\\s+(\\d{1,2})${ordinal}\\b(?![:.]?\\d)`, 'g'),
    (m, p) => {
      const mm = monthNumber(m[1] ?? '');
      const d = Number(m[2]);
      return day(inferYear(mm, d, p), mm, d);
    },
  ],
  [
    new RegExp(`\\b(\\d{1,2})${ordinal}\\s+(?:of\\s+)?${month}\\b`, 'g'),
    (m, p) => {
      const mm = monthNumber(m[2] ?? '');
      const d = Number(m[1]);
      return day(inferYear(mm, d, p), mm, d);
    },
  ],
  [
    new RegExp(`\\b${month}\\.?,?\\s+(\\d{4})\\b`, 'g'),
    (m) => ({ date: format({ y: Number(m[2]), m: monthNumber(m[1] ?? ''), d: 1 }), precision: 'month' }),
  ],
  [
    new RegExp(
      `\\b([Ii]n|[Dd]uring|[Ss]ince|[Ee]arly|[Ll]ate|[Mm]id-|[Mm]id|[Ee]arlier in|[Ll]ast|[Tt]his|of)\\s*${month}\\b`,
      'g',
    ),
    (m, p) => {
      const mm = monthNumber(m[2] ?? '');
      let y = mm > p.m ? p.y - 1 : p.y;
      if (m[1]?.toLowerCase() === 'last' && mm >= p.m) y = p.y - 1;
      return { date: format({ y, m: mm, d: 1 }), precision: 'month' };
    },
  ],
  [/\bthe day before yesterday\b/gi, (_m, p) => ({ date: format(addDays(p, -2)), precision: 'day' })],
  [/\b(?:yesterday|last night)\b/gi, (_m, p) => ({ date: format(addDays(p, -1)), precision: 'day' })],
  [
    /\b(?:today|tonight|this (?:morning|afternoon|evening))\b/gi,
    (_m, p) => ({ date: format(p), precision: 'day' }),
  ],
  [
    new RegExp(`\\b(?:([Ll]ast|[Tt]his past|[Pp]ast|[Oo]n|[Tt]his|[Pp]revious)\\s+)?${weekday}\\b`, 'g'),
    (m, p) => {
      const target = weekdays.indexOf((m[2] ?? '').toLowerCase());
      let back = (toUtc(p).getUTCDay() - target + 7) % 7;
      // "On Thursday" in a Thursday article is that day; "last Thursday" is the week before.
      if (back === 0 && m[1] && /last|past|previous/i.test(m[1])) back = 7;
      return { date: format(addDays(p, -back)), precision: 'day' };
    },
  ],
  [
    /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) days? ago\b/gi,
    (m, p) => ({ date: format(addDays(p, -count(m[1]))), precision: 'day' }),
  ],
  [
    /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) weeks? ago\b/gi,
    (m, p) => ({ date: format(mondayOf(addDays(p, -7 * count(m[1])))), precision: 'week' }),
  ],
  [
    /\b(?:last|previous|past) week\b/gi,
    (_m, p) => ({ date: format(mondayOf(addDays(p, -7))), precision: 'week' }),
  ],
  [/\b(?:earlier )?this week\b/gi, (_m, p) => ({ date: format(mondayOf(p)), precision: 'week' })],
  [
    /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) months? ago\b/gi,
    (m, p) => ({ date: format(addMonths(p, -count(m[1]))), precision: 'month' }),
  ],
  [/\b(?:last|previous|past) month\b/gi, (_m, p) => ({ date: format(addMonths(p, -1)), precision: 'month' })],
  [/\b(?:earlier )?this month\b/gi, (_m, p) => ({ date: format(addMonths(p, 0)), precision: 'month' })],
  [/\blast year\b/gi, (_m, p) => ({ date: `${p.y - 1}-01-01`, precision: 'year' })],
  [/\b(?:earlier )?this year\b/gi, (_m, p) => ({ date: `${p.y}-01-01`, precision: 'year' })],
  [
    /\b(?:in|during|since|of) ((?:19|20)\d{2})\b/gi,
    (m, p) => (Number(m[1]) <= p.y ? { date: `${m[1]}-01-01`, precision: 'year' } : null),
  ],
];

function count(word: string | undefined): number {
  const w = (word ?? '').toLowerCase();
  return w === 'a' || w === 'an' ? 1 : (numberWords[w] ?? Number(w));
}

function day(y: number, m: number, d: number): { date: string; precision: DatePrecision } | null {
  return isValidDay(y, m, d) ? { date: format({ y, m, d }), precision: 'day' } : null;
}

/** Every date expression in `text`, resolved against `published`; overlapping ones keep the longest. */
export function findDates(text: string, published: string): DateMention[] {
  const p = parseIsoDate(published);
  const found: DateMention[] = [];
  for (const [pattern, resolve] of rules) {
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      const resolved = resolve(m as RegExpExecArray, p);
      if (resolved) found.push({ ...resolved, start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: DateMention[] = [];
  for (const d of found) {
    const last = out[out.length - 1];
    if (last && d.start < last.end) {
      if (d.end - d.start > last.end - last.start) out[out.length - 1] = d;
      continue;
    }
    out.push(d);
  }
  return out;
}

/** The last day covered by a date of the given precision ("2024-10-01", month → "2024-10-31"). */
export function endOf(date: string, precision: DatePrecision): string {
  const p = parseIsoDate(date);
  if (precision === 'day') return date;
  if (precision === 'week') return format(addDays(p, 6));
  if (precision === 'month') return lastDayOf(p.y, p.m);
  return `${p.y}-12-31`;
}

const quarterWords: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  final: 4,
  last: 4,
};

/** The year nearest after `from` in the sentence, else any year in it, else null. */
function yearNear(text: string, from: number): number | null {
  const after = /\b((?:19|20)\d{2})\b/.exec(text.slice(from));
  if (after) return Number(after[1]);
  const any = /\b((?:19|20)\d{2})\b/.exec(text);
  return any ? Number(any[1]) : null;
}

function monthsPeriod(y: number, fromMonth: number, toMonth: number): { from: string; to: string } {
  const toYear = toMonth < fromMonth ? y + 1 : y;
  return { from: `${y}-${pad(fromMonth)}-01`, to: lastDayOf(toYear, toMonth) };
}

/**
 * The report period a sentence names, if any: a month range, a quarter, a half, a month or a
 * year. Without a year, the latest such period that ended by the publication date.
 */
export function findPeriod(text: string, published: string): Period | null {
  const p = parseIsoDate(published);
  const latestYear = (endMonth: number) => (endMonth >= p.m ? p.y - 1 : p.y);

  const range = new RegExp(`\\b${month}\\.?\\s*(?:[-–—/]|to|through|till|until|and)\\s*${month}\\b`).exec(
    text,
  );
  if (range) {
    const a = monthNumber(range[1] ?? '');
    const b = monthNumber(range[2] ?? '');
    const y = yearNear(text, range.index) ?? latestYear(b) - (b < a ? 1 : 0);
    return { ...monthsPeriod(y, a, b), kind: 'range', start: range.index };
  }
  const quarter =
    /\b(first|second|third|fourth|final|last|1st|2nd|3rd|4th) quarter\b(?:\s*\([^)]*\))?(?:,?\s*(?:of\s+)?((?:19|20)\d{2}))?/i.exec(
      text,
    ) ?? null;
  const q = /\bQ([1-4])[\s-/]*((?:19|20)\d{2})\b|\b((?:19|20)\d{2})[\s-/]*Q([1-4])\b/.exec(text);
  if (quarter && !(quarter[1]?.toLowerCase() === 'last' && !quarter[2])) {
    const n = quarterWords[(quarter[1] ?? '').toLowerCase()] ?? 1;
    const y = quarter[2] ? Number(quarter[2]) : (yearNear(text, quarter.index) ?? latestYear(n * 3));
    return { ...monthsPeriod(y, n * 3 - 2, n * 3), kind: 'quarter', start: quarter.index };
  }
  if (q) {
    const n = Number(q[1] ?? q[4]);
    const y = Number(q[2] ?? q[3]);
    return { ...monthsPeriod(y, n * 3 - 2, n * 3), kind: 'quarter', start: q.index };
  }
  if (quarter) {
    // "last quarter" with no year: the quarter before the publication's.
    const current = Math.floor((p.m - 1) / 3);
    const prev = addMonths({ y: p.y, m: current * 3 + 1, d: 1 }, -3);
    return { ...monthsPeriod(prev.y, prev.m, prev.m + 2), kind: 'quarter', start: quarter.index };
  }
  const half =
    /\b(first|second) half of (?:the year\s*)?((?:19|20)\d{2})?|\bH([12])\s*((?:19|20)\d{2})\b/i.exec(text);
  if (half) {
    const n = half[1] ? (half[1].toLowerCase() === 'first' ? 1 : 2) : Number(half[3]);
    const y = Number(half[2] ?? half[4] ?? 0) || (yearNear(text, half.index) ?? latestYear(n * 6));
    return { ...monthsPeriod(y, n * 6 - 5, n * 6), kind: 'half', start: half.index };
  }
  const toDate = /\b(?:so far this year|since (?:the start of the year|January(?: 1)?))\b/i.exec(text);
  if (toDate) return { from: `${p.y}-01-01`, to: published, kind: 'to_date', start: toDate.index };
  for (const d of findDates(text, published)) {
    if (d.precision === 'month') {
      const ym = parseIsoDate(d.date);
      return { from: d.date, to: lastDayOf(ym.y, ym.m), kind: 'month', start: d.start };
    }
    if (d.precision === 'year') {
      const y = d.date.slice(0, 4);
      const to = Number(y) === p.y ? published : `${y}-12-31`;
      return { from: d.date, to, kind: 'year', start: d.start };
    }
  }
  return null;
}
