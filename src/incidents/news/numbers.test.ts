import { describe, expect, it } from 'vitest';
import { findNumbers, maskNumbers, parseCount, parseNumber, unmaskOffset } from './numbers.js';

describe('parseNumber', () => {
  const cases: [string, number | null][] = [
    ['three', 3],
    ['Two', 2],
    ['twelve', 12],
    ['twenty-five', 25],
    ['twenty five', 25],
    ['a dozen', 12],
    ['two dozen', 24],
    ['a hundred', 100],
    ['one hundred and five', 105],
    ['three thousand two hundred', 3200],
    ['722', 722],
    ['1,234', 1234],
    ['1.5', 1.5],
    ['dozens', null],
    ['several', null],
    ['', null],
  ];
  it.each(cases)('%j → %j', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });
});

describe('parseCount and findNumbers', () => {
  const counts: [string, number | null][] = [
    ['over 20 people', 20],
    ['at least five', 5],
    ['a dozen soldiers', 12],
    ['seventeen', 17],
    ['as many as 328 incidents', 328],
    ['a policeman', null],
    ['no number here', null],
  ];
  it.each(counts)('%j → %j', (text, expected) => {
    expect(parseCount(text)).toBe(expected);
  });

  it('reads qualifiers and percentages', () => {
    const found = findNumbers('Nearly 97% of deaths, over 92 per cent of incidents, at least 5 and up to 7.');
    expect(found.map((n) => [n.value, n.qualifier, n.percent])).toEqual([
      [97, 'about', true],
      [92, 'at_least', true],
      [5, 'at_least', false],
      [7, 'at_most', false],
    ]);
  });

  it('masks numbers with placeholders and maps positions back', () => {
    const text = 'Two Chinese citizens among three people were killed, a 90% surge.';
    const { masked, numbers } = maskNumbers(text);
    expect(masked).toBe('#0 Chinese citizens among #1 people were killed, a #2% surge.');
    expect(numbers.map((n) => n.value)).toEqual([2, 3, 90]);
    const at = masked.indexOf('killed');
    expect(text.slice(unmaskOffset(at, numbers)).startsWith('killed')).toBe(true);
  });
});
