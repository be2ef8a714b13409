import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectReadAsWindows1252 } from '../../../test/helpers/incident-files.js';
import { isAppError } from '../../platform/errors.js';
import { templateColumns } from './jsms.js';
import { parseIncidentFile } from './parse.js';

const templatePath = fileURLToPath(new URL('../../../docs/incident-template.csv', import.meta.url));

function headerError(text: string): string {
  try {
    parseIncidentFile(Buffer.from(text), 'jsms');
  } catch (error) {
    if (isAppError(error) && error.details?.field === 'header') return error.message;
    throw error;
  }
  throw new Error('expected a header error');
}

describe('JSMS template import', () => {
  it('documents exactly the accepted columns in docs/incident-template.csv, and its examples import', () => {
    const bytes = readFileSync(templatePath);
    expect(bytes.toString('utf8').split('\n')[0]).toBe(templateColumns.join(','));
    const result = parseIncidentFile(bytes, 'jsms');
    expect(result.rejected).toEqual([]);
    expect(result.rows).toHaveLength(2);
    expect(result.rows[0]!.incident).toMatchObject({
      sourceKey: 'dawn-2024-11-14-karachi-airport',
      date: '2024-10-06',
      province: 'Sindh',
      type: 'suicide_attack',
      perpetrator: 'BLA (Majeed Brigade)',
      claimed: true,
      target: 'foreign_nationals',
      killed: { best: 3, foreignNationals: 2 },
      sources: [{ publisher: 'Dawn', published: '2024-11-14', reliability: 'B', credibility: 2 }],
    });
    expect(result.rows[1]!.incident).toMatchObject({
      sourceKey: null,
      date: '2024-08-01',
      datePrecision: 'month',
      killed: { best: 10, low: 10, high: 15 },
      wounded: { best: 40, low: 40, high: null },
    });
  });

  it('reads a dirty sheet: Windows-1252, CRLF and lone CR, quoted newlines, trailing commas, totals', () => {
    const lines = [
      'Date,Type,Province,Place,Killed_Best,killed_low,killed_high,wounded_best,description,source_url,source_reliability,',
      '2024-03-26,suicide_attack,KPK,Besham,6,,,,"Convoy hit\r\nfive Chinese engineers killed",https://www.dawn.com/news/1,B2,',
      '2024-07-15,ied,Baluchistan,Sibi Bazar é,,15,10,40+,,,,',
      '2024-09,armed_assault,Fata,,10-15,,,,,,,',
      ',,,,,,,,,,,',
      'Total,,,,31,25,10,40,,,,',
      ',,,,31,,,40,,,,',
    ];
    const text = `${lines.slice(0, 3).join('\r\n')}\r\n${lines.slice(3).join('\r')}\r`;
    const result = parseIncidentFile(Buffer.from(text, 'latin1'), 'jsms');
    expectReadAsWindows1252(result, { 6: 'blank row', 7: 'totals row', 8: 'totals row' });
    const [besham, sibi, month] = result.rows;
    expect(besham).toMatchObject({
      record: 2,
      line: 2,
      incident: {
        province: 'Khyber Pakhtunkhwa',
        killed: { best: 6 },
        description: 'Convoy hit\r\nfive Chinese engineers killed',
        sources: [
          { publisher: 'dawn.com', url: 'https://www.dawn.com/news/1', reliability: 'B', credibility: 2 },
        ],
      },
    });
    expect(sibi).toMatchObject({
      record: 3,
      line: 4,
      incident: {
        province: 'Balochistan',
        place: 'Sibi Bazar é',
        killed: { best: 10, low: 10, high: 15 },
        wounded: { best: 40, low: 40, high: null },
      },
    });
    expect(month).toMatchObject({
      record: 4,
      line: 5,
      incident: {
        date: '2024-09-01',
        datePrecision: 'month',
        province: 'FATA',
        killed: { best: 10, low: 10, high: 15 },
      },
    });
    expect(result.notes).toEqual([
      { record: 3, line: 4, kind: 'repaired', field: 'killed_low', message: 'low 15 above high 10: swapped' },
    ]);
  });

  it('rejects bad rows naming the line, the template column and the reason', () => {
    const text = [
      'date,type,target,status,lat,killed_civilians,claimed,source_publisher,source_reliability,source_title',
      '2024-10-06,,,,,,,,,',
      '2024-10-06,bombing,,,,,,,,',
      '2024-10-06,ied,everyone,,,,,,,',
      '2024-10-06,ied,,rumoured,,,,,,',
      '2024-10-06,ied,,,91.5,,,,,',
      '2024-10-06,ied,,,,lots,,,,',
      '06/10/2024,ied,,,,,,,,',
      '2024-10-06,ied,,,,,maybe,,,',
      '2024-10-06,ied,,,,,,Dawn,G,',
      '2024-10-06,ied,,,,,,,,A headline without a publisher',
      '2024-10-06,Suicide attack,Security forces,Confirmed,,,,,,',
    ].join('\n');
    const result = parseIncidentFile(Buffer.from(text), 'jsms');
    expect(result.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'type'],
      [3, 'type'],
      [4, 'target'],
      [5, 'status'],
      [6, 'lat'],
      [8, 'date'],
      [9, 'claimed'],
      [10, 'source_reliability'],
      [11, 'source_publisher'],
    ]);
    expect(result.rejected[1]!.message).toBe(
      '"bombing" is not one of suicide_attack, ied, armed_assault, targeted_killing, kidnapping, rocket_attack, drone_strike, armed_clash, state_based_conflict, non_state_conflict, one_sided_violence, other',
    );
    expect(result.rejected[4]!.message).toMatch(/\(91\.5\)$/);
    // Issue 9, part 2: `lots` civilians killed is left unknown with a warning; the row is imported.
    expect(result.rows.map((r) => [r.line, r.incident.type, r.incident.target, r.incident.status])).toEqual([
      [7, 'ied', null, 'reported'],
      [12, 'suicide_attack', 'security_forces', 'confirmed'],
    ]);
    expect(result.rows[0]!.incident.killed.civilians).toBeUndefined();
    expect(result.notes).toEqual([
      {
        record: 7,
        line: 7,
        kind: 'warning',
        field: 'killed_civilians',
        message: '"lots" is not a number of people (write 12, 10-15 or 40+): left unknown',
      },
    ]);
  });

  it('refuses a header with an unknown column or without date and type', () => {
    expect(headerError('date,type,killed_bst\n2024-01-01,ied,3\n')).toMatch(
      /^Unknown column "killed_bst"; the columns are date, /,
    );
    expect(headerError('place,killed_best\nQuetta,3\n')).toBe(
      'Line 1: the header lacks the columns "date", "type"',
    );
  });

  it('reads semicolon-separated sheets (European Excel)', () => {
    const result = parseIncidentFile(
      Buffer.from('date;type;place;killed_best\n2024-01-02;ied;"Quetta; Hazara Town";3\n'),
      'jsms',
    );
    expect(result.rows[0]!.incident).toMatchObject({ place: 'Quetta; Hazara Town', killed: { best: 3 } });
  });
});
