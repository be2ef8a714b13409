import { describe, expect, it } from 'vitest';
import { expectReadAsWindows1252, exportRow } from '../../../test/helpers/incident-files.js';
import { isAppError } from '../../platform/errors.js';
import { parseIncidentFile } from './parse.js';

/** The header of the UCDP GED website export (no trailing comma; data lines have one). */
const header =
  'id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,' +
  'dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,' +
  'number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,' +
  'where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,' +
  'region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,' +
  'best_est,high_est,low_est';

const base: Record<string, string> = {
  id: '51720',
  type_of_violence: '1',
  dyad_name: 'Government of Pakistan - TTP',
  side_a: 'Government of Pakistan',
  side_b: 'TTP',
  source_article: 'R 27/3 2010',
  where_prec: '1',
  where_coordinates: 'Hyderabad Town',
  adm_1: 'Sindh Province',
  adm_2: 'Hyderabad District',
  latitude: '25.379167',
  longitude: '68.368333',
  country: 'Pakistan',
  date_prec: '1',
  date_start: '03/27/2010 00:00:00',
  date_end: '03/27/2010 00:00:00',
  deaths_a: '0',
  deaths_b: '0',
  deaths_civilians: '0',
  deaths_unknown: '0',
  best_est: '0',
  high_est: '0',
  low_est: '0',
};

/** One data line as UCDP writes it: every column, then a trailing comma. */
const row = exportRow(header, base, { trailingComma: true });

function file(lines: string[], eol = '\n'): Buffer {
  return Buffer.from([header, ...lines, ''].join(eol), 'utf8');
}

describe('UCDP GED import', () => {
  it('reads a state-based event: the government side is security, the armed group militants', () => {
    const result = parseIncidentFile(
      file(
        [
          row({
            deaths_a: '2',
            deaths_b: '9',
            deaths_civilians: '1',
            deaths_unknown: '3',
            best_est: '15',
            low_est: '12',
            high_est: '20',
            source_office: 'Dawn;Reuters News',
            source_date: '2010-03-28;2010-03-27',
            source_headline: 'Troops kill nine militants;Clash in Hyderabad',
          }),
        ],
        '\r\n',
      ),
      'ucdp',
    );
    expect(result).toMatchObject({ encoding: 'utf-8', rejected: [], skipped: [], notes: [] });
    expect(result.rows).toEqual([
      {
        record: 2,
        line: 2,
        incident: {
          sourceKey: 'ucdp:51720',
          date: '2010-03-27',
          datePrecision: 'day',
          province: 'Sindh',
          district: 'Hyderabad',
          place: 'Hyderabad Town',
          lat: 25.379167,
          lon: 68.368333,
          geoPrecision: 'exact',
          type: 'state_based_conflict',
          subType: 'State-based conflict',
          perpetrator: 'Government of Pakistan',
          opponent: 'TTP',
          target: null,
          killed: { best: 15, low: 12, high: 20, security: 2, militants: 9, civilians: 1, unknown: 3 },
          wounded: {},
          status: 'reported',
          description:
            'State-based conflict: Government of Pakistan - TTP. Troops kill nine militants / Clash in Hyderabad',
          sources: [
            { publisher: 'UCDP GED', title: 'UCDP GED event 51720', reliability: 'F', credibility: 6 },
            {
              publisher: 'Dawn',
              title: 'Troops kill nine militants',
              published: '2010-03-28',
              reliability: 'F',
              credibility: 6,
            },
            {
              publisher: 'Reuters News',
              title: 'Clash in Hyderabad',
              published: '2010-03-27',
              reliability: 'F',
              credibility: 6,
            },
          ],
        },
      },
    ]);
  });

  it.each([
    [
      'interstate: both governments are security',
      '1',
      'Government of India',
      'Government of Pakistan',
      {
        security: 7,
      },
    ],
    ['non-state: both sides are militants', '2', 'Lashkar-e-Islam', 'TTP', { militants: 7 }],
    [
      'one-sided: deaths of an armed group are militants',
      '3',
      'TTP',
      'Civilians',
      { militants: 3, civilians: 4 },
    ],
  ])('%s', (_name, type, sideA, sideB, killed) => {
    const result = parseIncidentFile(
      file([
        row({
          type_of_violence: type,
          side_a: sideA,
          side_b: sideB,
          deaths_a: '3',
          deaths_b: '4',
          best_est: '7',
        }),
      ]),
      'ucdp',
    );
    expect(result.rejected).toEqual([]);
    expect(result.rows[0]!.incident.killed).toMatchObject({ best: 7, ...killed });
  });

  it('reads one-sided violence with side_a as perpetrator and civilians as target', () => {
    const [parsed] = parseIncidentFile(
      file([
        row({
          type_of_violence: '3',
          side_a: 'LeJ',
          side_b: 'Civilians',
          deaths_civilians: '5',
          best_est: '5',
        }),
      ]),
      'ucdp',
    ).rows;
    expect(parsed!.incident).toMatchObject({
      type: 'one_sided_violence',
      subType: 'One-sided violence',
      perpetrator: 'LeJ',
      opponent: null, // civilians are the target, not a side
      target: 'civilians',
      killed: { civilians: 5, militants: 0, best: 5 },
    });
  });

  it.each([
    ['1', '1', 'day', 'exact', 'Hyderabad Town'],
    ['2', '2', 'week', 'place', 'Hyderabad Town'],
    ['3', '3', 'week', 'district', 'Hyderabad Town'],
    ['4', '4', 'month', 'province', 'Hyderabad Town'],
    ['5', '5', 'year', 'province', 'Hyderabad Town'],
    ['1', '6', 'day', 'country', null],
  ])('date_prec %s where_prec %s → %s, %s', (datePrec, wherePrec, datePrecision, geoPrecision, place) => {
    const [parsed] = parseIncidentFile(
      file([row({ date_prec: datePrec, where_prec: wherePrec })]),
      'ucdp',
    ).rows;
    expect(parsed!.incident).toMatchObject({ datePrecision, geoPrecision, place });
  });

  it('reads a dirty file: Windows-1252, lone CR, quoted newlines, totals and blank rows, ranges, spellings', () => {
    const lines = [
      row({
        id: '1',
        where_coordinates: 'Dér Bazar',
        adm_1: 'Baluchistan',
        best_est: '4',
        low_est: '4',
        high_est: '4',
      }),
      row({
        id: '2',
        adm_1: 'KPK',
        source_article: '(1) SATP\r\r(2) Dawn\rsecond line',
        best_est: '3',
        high_est: '3',
      }),
      row({ id: '3', adm_1: 'Fata', best_est: '11', low_est: '11', high_est: '10' }),
      '',
      row({ id: '4', adm_1: 'Khyber Pakhtunkwa Province', best_est: '10-15', low_est: '', high_est: '' }),
      row({ id: '5', adm_1: '', best_est: '40+', low_est: '', high_est: '', deaths_unknown: '40+' }),
      row({ id: '6', adm_1: 'Azad Jammu & Kashmir', best_est: '2', low_est: '1', high_est: '1' }),
      `Total${','.repeat(header.split(',').length - 3)}68,70,61,`,
      `${','.repeat(header.split(',').length - 3)}68,70,61,`,
    ];
    const result = parseIncidentFile(Buffer.from([header, ...lines, ''].join('\r'), 'latin1'), 'ucdp');
    expectReadAsWindows1252(result, { 8: 'blank row', 12: 'totals row', 13: 'totals row' });
    expect(result.rows.map((r) => [r.line, r.incident.sourceKey, r.incident.province])).toEqual([
      [2, 'ucdp:1', 'Balochistan'],
      [3, 'ucdp:2', 'Khyber Pakhtunkhwa'],
      [7, 'ucdp:3', 'FATA'],
      [9, 'ucdp:4', 'Khyber Pakhtunkhwa'],
      [10, 'ucdp:5', null],
      [11, 'ucdp:6', 'Azad Jammu and Kashmir'],
    ]);
    const killed = (id: string) =>
      result.rows.find((r) => r.incident.sourceKey === `ucdp:${id}`)!.incident.killed;
    expect(result.rows[0]!.incident.place).toBe('Dér Bazar');
    expect(result.rows[1]!.incident.killed.best).toBe(3);
    expect(killed('3')).toMatchObject({ best: 11, low: 10, high: 11 });
    expect(killed('4')).toMatchObject({ best: 10, low: 10, high: 15 });
    expect(killed('5')).toMatchObject({ best: 40, low: 40, high: null, unknown: 40 });
    expect(killed('6')).toMatchObject({ best: 2, low: 1, high: 2 });
    expect(result.notes).toEqual([
      { record: 4, line: 7, kind: 'repaired', field: 'low_est', message: 'low 11 above high 10: swapped' },
      {
        record: 7,
        line: 10,
        kind: 'repaired',
        field: 'deaths_unknown',
        message: '40+ counted as 40, the low end',
      },
      {
        record: 8,
        line: 11,
        kind: 'repaired',
        field: 'high_est',
        message: 'best 2 above high 1: high raised to 2',
      },
    ]);
  });

  it('rejects bad rows with the line they start on, the column and the reason; a bad count only warns', () => {
    const result = parseIncidentFile(
      file([
        row({ id: '1', source_article: 'two\nlines' }),
        row({ id: '2', date_start: '13/27/2010 00:00:00' }),
        row({ id: '3', type_of_violence: '4' }),
        row({ id: '4', deaths_b: 'many' }),
        row({ id: '', best_est: '1' }),
        row({ id: '6', latitude: '95' }),
        row({ id: '7', where_prec: '9' }),
      ]),
      'ucdp',
    );
    // The first row's quoted newline puts each later record one above its line. Issue 9, part 2:
    // deaths_b `many` is left unknown with a warning, and the row is imported.
    expect(result.rows.map((r) => r.line)).toEqual([2, 6]);
    expect(result.notes).toEqual([
      {
        record: 5,
        line: 6,
        kind: 'warning',
        field: 'deaths_b',
        message: '"many" is not a number of people (write 12, 10-15 or 40+): left unknown',
      },
    ]);
    expect(result.rejected).toEqual([
      {
        record: 3,
        line: 4,
        field: 'date_start',
        message: '"13/27/2010 00:00:00" is not a date (expected MM/DD/YYYY or YYYY-MM-DD)',
      },
      { record: 4, line: 5, field: 'type_of_violence', message: '"4" is not 1, 2 or 3' },
      { record: 6, line: 7, field: 'id', message: 'no event id' },
      {
        record: 7,
        line: 8,
        field: 'latitude',
        message: expect.stringMatching(/too big.*\(95\)$/i) as unknown as string,
      },
      { record: 8, line: 9, field: 'where_prec', message: '"9" is not a UCDP place precision (1–7)' },
    ]);
  });

  it('stops with the missing columns named when the header is not UCDP', () => {
    try {
      parseIncidentFile(Buffer.from('id,date,deaths\n1,2020-01-01,3\n'), 'ucdp');
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.details).toEqual({ field: 'header', in: 'body' });
      expect((error as Error).message).toBe(
        'Line 1: the header lacks the columns "date_start", "type_of_violence", "best_est"',
      );
    }
  });
});
