import { describe, expect, it } from 'vitest';
import { endOf, findDates, findPeriod, parseIsoDate } from './dates.js';

// 2024-11-14 is a Thursday.
const published = '2024-11-14';

describe('findDates against a publication date', () => {
  const cases: [string, string, string | null, string | null][] = [
    ['yesterday', published, '2024-11-13', 'day'],
    ['last night', published, '2024-11-13', 'day'],
    ['the day before yesterday', published, '2024-11-12', 'day'],
    ['today', published, '2024-11-14', 'day'],
    ['two days ago', published, '2024-11-12', 'day'],
    ['on Monday', published, '2024-11-11', 'day'],
    ['Monday night', published, '2024-11-11', 'day'],
    ["Sunday's attack", published, '2024-11-10', 'day'],
    ['On Friday', published, '2024-11-08', 'day'],
    ['on Thursday (the publication day)', published, '2024-11-14', 'day'],
    ['last Thursday', published, '2024-11-07', 'day'],
    ['on Monday, across a year end', '2025-01-01', '2024-12-30', 'day'],
    ['last week', published, '2024-11-04', 'week'],
    ['this week', published, '2024-11-11', 'week'],
    ['3 weeks ago', published, '2024-10-21', 'week'],
    ['last month', published, '2024-10-01', 'month'],
    ['last month, in January', '2025-01-10', '2024-12-01', 'month'],
    ['earlier this month', published, '2024-11-01', 'month'],
    ['two months ago', published, '2024-09-01', 'month'],
    ['October 6', published, '2024-10-06', 'day'],
    ['Oct. 6th', published, '2024-10-06', 'day'],
    ['December 6 (last year, no later than publication)', published, '2023-12-06', 'day'],
    ['6 October 2024', published, '2024-10-06', 'day'],
    ['the 6th of October', published, '2024-10-06', 'day'],
    ['October 6, 2023', published, '2023-10-06', 'day'],
    ['2024-10-06', published, '2024-10-06', 'day'],
    ['October 2024', published, '2024-10-01', 'month'],
    ['in December', published, '2023-12-01', 'month'],
    ['mid-October', published, '2024-10-01', 'month'],
    ['last year', published, '2023-01-01', 'year'],
    ['this year', published, '2024-01-01', 'year'],
    ['in 2021', published, '2021-01-01', 'year'],
    ['in 2030 (after publication)', published, null, null],
    ['February 30', published, null, null],
    ['It may rain', published, null, null],
  ];
  it.each(cases)('%s (published %s) → %s %s', (text, pub, date, precision) => {
    const [first] = findDates(text, pub);
    expect(first?.date ?? null).toBe(date);
    expect(first?.precision ?? null).toBe(precision);
  });

  it('keeps the longest of overlapping expressions, in order', () => {
    const found = findDates('on October 6, 2024 and again last week', published);
    expect(found.map((d) => [d.text, d.date])).toEqual([
      ['October 6, 2024', '2024-10-06'],
      ['last week', '2024-11-04'],
    ]);
  });

  it('refuses a publication date that is not YYYY-MM-DD', () => {
    expect(() => findDates('yesterday', '14/11/2024')).toThrow(RangeError);
    expect(() => findDates('yesterday', '2024-02-30')).toThrow(RangeError);
  });

  it('gives the last day of an imprecise date', () => {
    expect(endOf('2024-02-01', 'month')).toBe('2024-02-29');
    expect(endOf('2024-11-11', 'week')).toBe('2024-11-17');
    expect(endOf('2023-01-01', 'year')).toBe('2023-12-31');
  });
});

describe('findPeriod', () => {
  const cases: [string, string | null, string | null, string | null][] = [
    ['third quarter (July-September) of 2024', '2024-07-01', '2024-09-30', 'range'],
    ['the third quarter of 2024', '2024-07-01', '2024-09-30', 'quarter'],
    ['July–September 2024', '2024-07-01', '2024-09-30', 'range'],
    ['between July and September', '2024-07-01', '2024-09-30', 'range'],
    ['from October to December (not yet over)', '2023-10-01', '2023-12-31', 'range'],
    ['November–January', '2023-11-01', '2024-01-31', 'range'],
    ['Q2 2024', '2024-04-01', '2024-06-30', 'quarter'],
    ['2023-Q4', '2023-10-01', '2023-12-31', 'quarter'],
    ['the last quarter', '2024-07-01', '2024-09-30', 'quarter'],
    ['the first half of 2023', '2023-01-01', '2023-06-30', 'half'],
    ['so far this year', '2024-01-01', '2024-11-14', 'to_date'],
    ['in October 2024', '2024-10-01', '2024-10-31', 'month'],
    ['last month', '2024-10-01', '2024-10-31', 'month'],
    ['in 2023', '2023-01-01', '2023-12-31', 'year'],
    ['no period at all', null, null, null],
  ];
  it.each(cases)('%s → %s..%s', (text, from, to, kind) => {
    const period = findPeriod(text, published);
    expect(period?.from ?? null).toBe(from);
    expect(period?.to ?? null).toBe(to);
    expect(period?.kind ?? null).toBe(kind);
  });
});

describe('dates before the year 100 (found by the fuzzer)', () => {
  it('reads a publication date of year 28 as year 28, not 1928', () => {
    expect(parseIsoDate('0028-02-29')).toEqual({ y: 28, m: 2, d: 29 });
    expect(findDates('yesterday', '0028-03-01')[0]?.date).toBe('0028-02-29');
  });
});
