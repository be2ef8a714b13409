import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, writeCsv } from './csv.js';

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

describe('csvCell', () => {
  // OWASP "CSV Injection": a cell a spreadsheet would read as a formula starts with a quote.
  it.each([
    ['=1+1', "'=1+1"],
    [`=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`],
    ['+92 300 1234567', "'+92 300 1234567"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['  =1', "'  =1"],
    ['=A1,B1', `"'=A1,B1"`],
    ['say "hi"', '"say ""hi"""'],
    ['a\nb', '"a\nb"'],
    ['Khyber Pakhtunkhwa', 'Khyber Pakhtunkhwa'],
    ['1-2', '1-2'],
    ['', ''],
  ])('writes the text %j as %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('writes numbers the code computed as numbers, negative ones too', () => {
    expect([csvCell(-12.5), csvCell(0), csvCell(722), csvCell(Number.NaN)]).toEqual([
      '-12.5',
      '0',
      '722',
      '',
    ]);
    expect([csvCell(null), csvCell(undefined)]).toEqual(['', '']);
  });

  it('joins rows with CRLF, every cell neutralised', () => {
    expect(
      writeCsv([
        ['name', 'change'],
        ['=evil', -3],
      ]),
    ).toBe("name,change\r\n'=evil,-3\r\n");
  });
});
