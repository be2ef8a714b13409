import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors.js';
import {
  columnKey,
  decodeBytes,
  detectDelimiter,
  normaliseLineEndings,
  readAnyRecords,
  readPlainRecords,
  readRecords,
} from './text.js';

function thrown(fn: () => unknown): { message: string; field: unknown } {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { message: error.message, field: error.details?.field };
    throw error;
  }
  throw new Error('expected an error');
}

describe('decodeBytes', () => {
  it('reads valid UTF-8 as UTF-8 and drops a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('place\nPéshawar\n', 'utf8')]);
    expect(decodeBytes(bytes)).toEqual({ text: 'place\nPéshawar\n', encoding: 'utf-8' });
  });

  it('reads bytes that are not UTF-8 as Windows-1252 (0xE9 é, 0x92 ’, 0x80 €)', () => {
    const bytes = Buffer.from([0x51, 0x75, 0x65, 0x74, 0x74, 0x61, 0x20, 0xe9, 0x20, 0x92, 0x80]);
    expect(decodeBytes(bytes)).toEqual({ text: 'Quetta é ’€', encoding: 'windows-1252' });
  });

  it('maps all of 0x80–0x9F as Windows-1252 does, not as Latin-1 (Node decodes them wrongly)', () => {
    const bytes = Buffer.from([0xff, ...Array.from({ length: 32 }, (_, i) => 0x80 + i)]);
    expect(decodeBytes(bytes).text).toBe('ÿ€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
  });

  it('drops a UTF-8 BOM in front of a Windows-1252 body', () => {
    expect(decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xe9]))).toEqual({
      text: 'Aé',
      encoding: 'windows-1252',
    });
  });

  it('refuses UTF-16 with a hint', () => {
    expect(thrown(() => decodeBytes(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).message).toMatch(/UTF-16/);
  });
});

describe('normaliseLineEndings', () => {
  it('turns CRLF and lone CR between records into LF', () => {
    expect(normaliseLineEndings('a,b\r\n1,2\r3,4\n5,6\r', ',').text).toBe('a,b\n1,2\n3,4\n5,6\n');
  });

  it('leaves line breaks inside quoted fields as they are', () => {
    const text = 'a,b\r"x\ry",2\r"p\r\nq",3\r';
    expect(normaliseLineEndings(text, ',').text).toBe('a,b\n"x\ry",2\n"p\r\nq",3\n');
  });

  it('treats a quote inside an unquoted field as text, and "" as an escaped quote', () => {
    const text = 'a,b\r5" pipe,2\r"say ""hi""\r",3\r';
    expect(normaliseLineEndings(text, ',').text).toBe('a,b\n5" pipe,2\n"say ""hi""\r",3\n');
  });

  it('reports the line where a quote is opened and never closed', () => {
    expect(normaliseLineEndings('a,b\n1,2\n3,"open\nstill\n', ',').unclosedQuoteLine).toBe(3);
  });
});

describe('readRecords', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
  ])('gives each record its starting physical line with %s endings', (_name, eol) => {
    const text = ['h1,h2', '1,"two', 'lines"', '', '3,4', '"5', '', 'x",6', ''].join(eol);
    expect(readRecords(text, ',')).toEqual([
      { record: 1, line: 1, cells: ['h1', 'h2'] },
      { record: 2, line: 2, cells: ['1', `two${eol}lines`] },
      { record: 3, line: 4, cells: [''] },
      { record: 4, line: 5, cells: ['3', '4'] },
      { record: 5, line: 6, cells: [`5${eol}${eol}x`, '6'] },
    ]);
  });

  it('counts lines across mixed endings and keeps trailing commas as an extra empty cell', () => {
    const text = 'a,b\r\n1,2,\n3,4,\r5,"x\ny",\r\n6,7,';
    expect(readRecords(text, ',')).toEqual([
      { record: 1, line: 1, cells: ['a', 'b'] },
      { record: 2, line: 2, cells: ['1', '2', ''] },
      { record: 3, line: 3, cells: ['3', '4', ''] },
      { record: 4, line: 4, cells: ['5', 'x\ny', ''] },
      { record: 5, line: 6, cells: ['6', '7', ''] },
    ]);
  });

  it('stops at a quote never closed, naming its line', () => {
    const error = thrown(() => readRecords('a,b\n1,2\n3,"open\n4,5\n', ','));
    expect(error.field).toBe('file');
    expect(error.message).toMatch(/^Line 3: a quoted field is never closed/);
  });

  // The one-pass reader must read every file as csv-parse does, or hand it over: the same
  // records, cells and lines, or the same error. Tricky files by hand, then seeded random ones.
  const sameAsCsvParse = (text: string, delimiter: string) => {
    const read = (f: () => unknown) => {
      try {
        return f();
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    expect(
      read(() => readRecords(text, delimiter)),
      JSON.stringify(text),
    ).toEqual(read(() => readAnyRecords(text, delimiter)));
    return readPlainRecords(text, delimiter) !== null;
  };

  it.each([
    '',
    '\n',
    '\r\n\r\n',
    'a',
    'a,b\n\n\n1,2',
    'a,b\r\n"x""y",2\r\n',
    'a,b\n5" pipe,2\n',
    'a,b\n"x"y,2\n',
    'a,b\n"x" ,2\n',
    'a,b\n "x",2\n',
    'a,b\n"",""\n',
    'a,b\n"""",2\n',
    'a,b\n"x\r\ny\rz\n",2\r3,4',
    'a,b\n1,"open\n',
    'a,b\n1,2,,,\n,,\n',
    '\uFEFFa,b\n1,2',
  ])('reads %j as csv-parse does', (text) => {
    sameAsCsvParse(text, ',');
  });

  it('reads plain files itself, quoted cells, escaped quotes and line breaks in cells included', () => {
    for (const text of ['a,b\r\n"x""y",2\r\n', 'a,b\n"x\r\ny\rz\n",2\r3,4', 'a,b\n\n\n1,2'])
      expect(sameAsCsvParse(text, ',')).toBe(true);
  });

  it('reads random files of quotes, delimiters and line endings as csv-parse does', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const pieces = ['a', 'bc', ',', ';', '"', '""', '\n', '\r', '\r\n', ' ', 'é'];
    let plain = 0;
    for (let n = 0; n < 2000; n++) {
      const length = next() % 30;
      let text = '';
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
      if (sameAsCsvParse(text, n % 2 ? ',' : ';')) plain++;
    }
    // Both readers had their share: the one-pass reader read many itself, and handed many over.
    expect(plain).toBeGreaterThan(200);
    expect(plain).toBeLessThan(1800);
  });

  it('reads semicolon files', () => {
    expect(readRecords('a;b\n"1;2";3\n', ';')).toEqual([
      { record: 1, line: 1, cells: ['a', 'b'] },
      { record: 2, line: 2, cells: ['1;2', '3'] },
    ]);
  });
});

describe('detectDelimiter and columnKey', () => {
  it.each([
    ['a,b,c\n1;2', ','],
    ['a;b;c\r\n1,5;2', ';'],
    ['a\tb\tc', '\t'],
    ['single', ','],
  ])('%j → %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('compares header names ignoring case, spaces, _ and -', () => {
    expect(columnKey(' Killed_Min ')).toBe(columnKey('killed-min'));
    expect(columnKey('Event  Date')).toBe(columnKey('event_date'));
    expect(columnKey('\uFEFFid')).toBe('id');
  });
});
