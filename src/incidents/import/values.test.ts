import { describe, expect, it } from 'vitest';
import type { NoteKind, RowNote } from './types.js';
import { parseCount, parseDecimal, parseYesNo, province, readToll, repairRange, text } from './values.js';

function collect() {
  const notes: Pick<RowNote, 'field' | 'message'>[] = [];
  const warnings: Pick<RowNote, 'field' | 'message'>[] = [];
  const note = (field: string, message: string, kind?: NoteKind) =>
    (kind === 'warning' ? warnings : notes).push({ field, message });
  return { notes, warnings, note };
}

describe('parseCount', () => {
  it.each([
    ['12', { best: 12, low: null, high: null }],
    [' 7 ', { best: 7, low: null, high: null }],
    ['1,234', { best: 1234, low: null, high: null }],
    ['3.0', { best: 3, low: null, high: null }],
    ['0', { best: 0, low: null, high: null }],
    ['10-15', { best: 10, low: 10, high: 15 }],
    ['10 – 15', { best: 10, low: 10, high: 15 }],
    ['10 to 15', { best: 10, low: 10, high: 15 }],
    ['40+', { best: 40, low: 40, high: null }],
    ['40 +', { best: 40, low: 40, high: null }],
    ['>40', { best: 40, low: 40, high: null }],
    ['over 40', { best: 40, low: 40, high: null }],
    ['at least 40', { best: 40, low: 40, high: null }],
    ['about 12', { best: 12, low: null, high: null }],
    ['~12', { best: 12, low: null, high: null }],
    ['nil', { best: 0, low: null, high: null }],
    ['None', { best: 0, low: null, high: null }],
    ['', null],
    ['-', null],
    ['?', null],
    ['n/a', null],
    ['Unknown', null],
  ])('%j → %j', (cell, expected) => {
    const { notes, note } = collect();
    expect(parseCount(cell, 'killed', note)).toEqual(expected);
    expect(notes).toEqual([]);
  });

  it('swaps a range written high to low, with a note, not an error', () => {
    const { notes, note } = collect();
    expect(parseCount('15-10', 'Killed', note)).toEqual({ best: 10, low: 10, high: 15 });
    expect(notes).toEqual([{ field: 'Killed', message: 'range 15-10 runs from high to low: read as 10-15' }]);
  });

  // Issue 9, part 2: a cell that is no count leaves the field unknown with a warning, not a rejected row.
  it.each(['many', '12.5', '-3', '10-', 'x10', 'https://example.org/17'])(
    'leaves %j unknown with a warning naming the column and the value',
    (cell) => {
      const { notes, warnings, note } = collect();
      expect(parseCount(cell, 'Killed', note)).toBeNull();
      expect(notes).toEqual([]);
      expect(warnings).toEqual([
        {
          field: 'Killed',
          message: `"${cell}" is not a number of people (write 12, 10-15 or 40+): left unknown`,
        },
      ]);
    },
  );
});

describe('province spellings', () => {
  it.each([
    ['Baluchistan', 'Balochistan'],
    ['Balochistan', 'Balochistan'],
    ['Balochistan Province', 'Balochistan'],
    ['KPK', 'Khyber Pakhtunkhwa'],
    ['kp', 'Khyber Pakhtunkhwa'],
    ['Khyber Pakhtunkhwa', 'Khyber Pakhtunkhwa'],
    ['Khyber Pakhtunkwa Province', 'Khyber Pakhtunkhwa'],
    ['N.W.F.P.', 'Khyber Pakhtunkhwa'],
    ['North-West Frontier Province', 'Khyber Pakhtunkhwa'],
    ['North West Frontier', 'Khyber Pakhtunkhwa'],
    ['FATA', 'FATA'],
    ['Fata', 'FATA'],
    ['Federally Administered Tribal Areas', 'FATA'],
    ['Sindh Province', 'Sindh'],
    ['Islamabad Capital Territory', 'Islamabad'],
    ['Azad Jammu & Kashmir', 'Azad Jammu and Kashmir'],
    ['', null],
  ])('%j → %j', (cell, expected) => {
    expect(province(cell)).toBe(expected);
  });
});

describe('small readers', () => {
  it.each([
    ['yes', true],
    ['Y', true],
    ['1', true],
    ['Claimed', true],
    ['no', false],
    ['0', false],
    ['unclaimed', false],
    ['', null],
    ['-9', null],
    ['unknown', null],
  ])('parseYesNo(%j) → %j', (cell, expected) => {
    expect(parseYesNo(cell, 'claimed')).toBe(expected);
  });

  it('rejects other claims and non-numbers', () => {
    expect(() => parseYesNo('perhaps', 'claimed')).toThrow('"perhaps" is not yes or no');
    expect(() => parseDecimal('33,5', 'lat')).toThrow('"33,5" is not a number');
    expect(parseDecimal(' -33.5 ', 'lat')).toBe(-33.5);
    expect(parseDecimal('', 'lat')).toBeNull();
  });

  it('cuts text that is too long, with a note', () => {
    const { notes, note } = collect();
    expect(text('abcdef', 'notes', 4, note)).toBe('abc…');
    expect(notes).toEqual([{ field: 'notes', message: 'cut from 6 to 4 characters' }]);
    expect(text('  ', 'notes', 4, note)).toBeNull();
  });
});

describe('tolls', () => {
  it('takes low and high from a range in the best cell; the best is the low end', () => {
    expect(readToll({ best: { cell: '10-15', column: 'k' } }, () => {})).toEqual({
      best: 10,
      low: 10,
      high: 15,
    });
    expect(readToll({ best: { cell: '40+', column: 'k' } }, () => {})).toEqual({
      best: 40,
      low: 40,
      high: null,
    });
  });

  it('lets explicit low and high columns win over a range, and makes best the low when none is given', () => {
    expect(
      readToll(
        {
          best: { cell: '10-15', column: 'b' },
          low: { cell: '9', column: 'l' },
          high: { cell: '20', column: 'h' },
        },
        () => {},
      ),
    ).toEqual({ best: 10, low: 9, high: 20 });
    expect(
      readToll({ low: { cell: '3', column: 'min' }, high: { cell: '8', column: 'max' } }, () => {}),
    ).toEqual({ best: 3, low: 3, high: 8 });
  });

  it('counts a range in a category as its low end, with a note', () => {
    const { notes, note } = collect();
    expect(readToll({ civilians: { cell: '3-5', column: 'civ' } }, note)).toEqual({
      best: null,
      low: null,
      high: null,
      civilians: 3,
    });
    expect(notes).toEqual([{ field: 'civ', message: '3-5 counted as 3, the low end' }]);
  });

  it('repairs a range: swaps low above high, widens it to hold the best estimate', () => {
    const columns = { best: 'best', low: 'low', high: 'high' };
    const cases = [
      [{ best: 11, low: 11, high: 10 }, { best: 11, low: 10, high: 11 }, ['low 11 above high 10: swapped']],
      [{ best: 2, low: 1, high: 1 }, { best: 2, low: 1, high: 2 }, ['best 2 above high 1: high raised to 2']],
      [{ best: 1, low: 2, high: 3 }, { best: 1, low: 1, high: 3 }, ['best 1 below low 2: low lowered to 1']],
      [{ best: 5, low: 8, high: 4 }, { best: 5, low: 4, high: 8 }, ['low 8 above high 4: swapped']],
      [{ best: 5, low: 4, high: 8 }, { best: 5, low: 4, high: 8 }, []],
    ] as const;
    for (const [input, expected, messages] of cases) {
      const { notes, note } = collect();
      const value = { ...input };
      repairRange(value, columns, note);
      expect(value).toEqual(expected);
      expect(notes.map((n) => n.message)).toEqual(messages);
    }
  });
});
