import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectReadAsWindows1252 } from '../../../test/helpers/incident-files.js';
import { isAppError } from '../../platform/errors.js';
import { parseIncidentFile, parseMapping } from './parse.js';

const examplePath = fileURLToPath(new URL('../../../docs/incident-mapping.example.yaml', import.meta.url));

function mappingError(yaml: string): { field: unknown; message: string } {
  try {
    parseMapping(yaml);
  } catch (error) {
    if (isAppError(error)) return { field: error.details?.field, message: error.message };
    throw error;
  }
  throw new Error('expected a mapping error');
}

const minimal = (fields: string, top = '') =>
  `${top}\nfields:\n  date: Date\n  type: { value: ied }\n${fields}`;

describe('parseMapping', () => {
  it('reads the documented example', () => {
    const mapping = parseMapping(readFileSync(examplePath, 'utf8'));
    expect(mapping).toMatchObject({
      dateFormat: 'DD/MM/YYYY',
      sourceKeyPrefix: 'pips',
      fields: {
        date: { column: 'Date' },
        target: { value: 'civilians' },
        killed: { low: { column: 'Killed min' }, high: { column: 'Killed max' } },
        wounded: { column: 'Injured' },
      },
    });
  });

  it('fills defaults', () => {
    expect(parseMapping(minimal(''))).toEqual({
      dateFormat: 'YYYY-MM-DD',
      sourceKeyPrefix: 'csv',
      fields: { date: { column: 'Date' }, type: { value: 'ied' } },
    });
  });

  it.each([
    [
      minimal('  killed: { lowe: Min }'),
      'mapping.fields.killed.lowe',
      /^Mapping key fields\.killed\.lowe: unknown key \(fields\.killed takes column, value, best, low/,
    ],
    [minimal('  tpye: Type'), 'mapping.fields.tpye', /unknown key \(fields takes date, datePrecision/],
    [minimal('', 'dateFormt: DD/MM/YYYY'), 'mapping.dateFormt', /unknown key \(top level takes dateFormat/],
    ['fields:\n  date: Date\n', 'mapping.fields.type', /^Mapping key fields\.type: is required$/],
    [minimal('', 'dateFormat: DD/MM'), 'mapping.dateFormat', /date format DD\/MM has no year/],
    [minimal('  place: { column: City, value: Quetta }'), 'mapping.fields.place', /either column or value/],
    [
      minimal('  killed: { column: Killed, low: Min }'),
      'mapping.fields.killed',
      /one column, a value, or columns/,
    ],
    [
      minimal('  place: { value: Quetta, default: x }'),
      'mapping.fields.place',
      /map and default go with a column/,
    ],
    [minimal('', 'sourceKeyPrefix: "my prefix"'), 'mapping.sourceKeyPrefix', /letters, digits/],
    [minimal('  source: { url: Link }'), 'mapping.fields.source.publisher', /is required/],
    [minimal('', 'delimiter: "#"'), 'mapping.delimiter', /Mapping key delimiter/],
    ['fields: [date', 'mapping', /^The mapping is not valid YAML/],
    ['', 'mapping.fields', /fields: is required/],
  ])('names the bad key (%#)', (yaml, field, message) => {
    const error = mappingError(yaml);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});

describe('CSV import with a mapping', () => {
  const mapping = parseMapping(readFileSync(examplePath, 'utf8'));
  const header =
    'Ref,Date,Province,District,City,Attack,Group,Claimed,Killed min,Killed max,Civilians killed,Injured,Link,';

  it('reads a think-tank table under its title rows: pairs, ranges, value maps, constants', () => {
    const lines = [
      'Security incidents, 2024,,,',
      '',
      header,
      '17,07/10/2024,Sindh,Karachi,Karachi,Suicide,BLA,Yes,3,3,3,10-15,https://www.dawn.com/news/1,',
      '18,26/08/2024,Baluchistan,Musakhel,"Rarasham\nhighway",Firing,BLA,yes,25,23,23,40+,,',
      '19,1/9/2024,KPK,Bannu,Bannu Cantt é,Stabbing,,No,,,,,,',
      '20,2024-09-02,Fata,Khyber,Bara,ied,TTP,,2,,,,,',
      'Grand total,,,,,,,,30,26,26,50,,',
    ];
    const text = `${lines.slice(0, 4).join('\r\n')}\r\n${lines.slice(4).join('\r')}`;
    const result = parseIncidentFile(Buffer.from(text, 'latin1'), 'csv', mapping);
    expectReadAsWindows1252(result, { 1: 'above the header row', 2: 'blank row', 9: 'totals row' });
    expect(
      result.rows.map((r) => [
        r.line,
        r.incident.sourceKey,
        r.incident.date,
        r.incident.province,
        r.incident.type,
      ]),
    ).toEqual([
      [4, 'pips:17', '2024-10-07', 'Sindh', 'suicide_attack'],
      [5, 'pips:18', '2024-08-26', 'Balochistan', 'armed_assault'],
      [7, 'pips:19', '2024-09-01', 'Khyber Pakhtunkhwa', 'other'],
      [8, 'pips:20', '2024-09-02', 'FATA', 'ied'],
    ]);
    const [karachi, musakhel, bannu, bara] = result.rows.map((r) => r.incident);
    expect(karachi).toMatchObject({
      district: 'Karachi',
      place: 'Karachi',
      geoPrecision: 'place',
      subType: 'Suicide',
      perpetrator: 'BLA',
      claimed: true,
      target: 'civilians',
      status: 'reported',
      killed: { best: 3, low: 3, high: 3, civilians: 3 },
      wounded: { best: 10, low: 10, high: 15 },
      sources: [{ publisher: 'PIPS', url: 'https://www.dawn.com/news/1', reliability: 'B', credibility: 2 }],
    });
    expect(musakhel).toMatchObject({
      place: 'Rarasham\nhighway',
      killed: { best: 23, low: 23, high: 25 },
      wounded: { best: 40, low: 40, high: null },
    });
    expect(bannu).toMatchObject({
      place: 'Bannu Cantt é',
      claimed: false,
      perpetrator: null,
      killed: { best: null },
    });
    // A lone minimum is the source's one figure: low, best and high alike (issue 9, part 1).
    expect(bara).toMatchObject({ killed: { best: 2, low: 2, high: 2 } });
    expect(result.notes).toEqual([
      { line: 5, field: 'Killed min', message: 'low 25 above high 23: swapped' },
    ]);
  });

  it('rejects rows whose values the mapping cannot place, naming line, column and reason', () => {
    const strict = parseMapping(`
dateFormat: D MMMM YYYY
fields:
  sourceKey: ID
  date: When
  type: { column: What, map: { Blast: ied } }
  killed: Dead
  lat: Lat
`);
    const text = [
      'ID,When,What,Dead,Lat',
      '1,14 October 2024,Blast,3,30.1',
      '2,14/10/2024,Blast,3,',
      '3,14 October 2024,Shooting,1,',
      '4,14 October 2024,,1,',
      '5,14 October 2024,blast,a few,',
      '6,14 Oct 2024,BLAST,2,north',
    ].join('\n');
    const result = parseIncidentFile(Buffer.from(text), 'csv', strict);
    expect(result.rows.map((r) => [r.line, r.incident.sourceKey, r.incident.date])).toEqual([
      [2, 'csv:1', '2024-10-14'],
    ]);
    expect(result.rejected).toEqual([
      { line: 3, field: 'When', message: '"14/10/2024" is not a date (expected D MMMM YYYY)' },
      {
        line: 4,
        field: 'What',
        message: expect.stringMatching(/^"Shooting" is not one of suicide_attack, ied/) as unknown as string,
      },
      { line: 5, field: 'What', message: expect.stringMatching(/^no type/) as unknown as string },
      { line: 6, field: 'Dead', message: '"a few" is not a number of people (write 12, 10-15 or 40+)' },
      { line: 7, field: 'Lat', message: '"north" is not a number' },
    ]);
  });

  it('refuses a file whose header lacks a mapped column, naming the mapping key', () => {
    try {
      parseIncidentFile(Buffer.from('Ref,Date,Province\n1,01/01/2024,Sindh\n'), 'csv', mapping);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.details).toEqual({ field: 'header', in: 'body' });
      expect((error as Error).message).toMatch(
        /^Line 1: the header lacks the columns "District" \(fields\.district\), "City" \(fields\.place\)/,
      );
    }
  });

  it('needs a mapping for the csv format', () => {
    expect(() => parseIncidentFile(Buffer.from('a\n1\n'), 'csv')).toThrow(/needs a column mapping/);
  });
});
