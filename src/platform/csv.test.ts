import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('keys rows by normalised headers and gives each its starting line', () => {
    const { headers, rows } = parseCsv(
      '\uFEFFName,Passport Number\r\n"Zhang, Wei",E1\r\n"Li\nNa",E2\r\nAli,E3\r\n',
    );
    expect(headers).toEqual(['name', 'passport_number']);
    expect(rows).toEqual([
      { line: 2, values: { name: 'Zhang, Wei', passport_number: 'E1' } },
      { line: 3, values: { name: 'Li\nNa', passport_number: 'E2' } },
      { line: 5, values: { name: 'Ali', passport_number: 'E3' } },
    ]);
  });

  it('tolerates short rows and blank lines', () => {
    expect(parseCsv('a,b\n\n1\n').rows).toEqual([{ line: 3, values: { a: '1', b: '' } }]);
  });
});
