import { describe, expect, it } from 'vitest';
import { expectReadAsWindows1252, exportRow } from '../../../test/helpers/incident-files.js';
import { parseIncidentFile } from './parse.js';

const header =
  'eventid,iyear,imonth,iday,approxdate,extended,country_txt,provstate,city,latitude,longitude,specificity,' +
  'summary,suicide,attacktype1_txt,targtype1_txt,natlty1_txt,gname,claimed,weaptype1_txt,weapsubtype1_txt,' +
  'nkill,nkillter,nwound,nwoundte,ishostkid,nhostkid,scite1';
const base: Record<string, string> = {
  iyear: '2014',
  imonth: '6',
  iday: '8',
  country_txt: 'Pakistan',
  provstate: 'Sindh',
  city: 'Karachi',
  latitude: '24.891115',
  longitude: '67.143311',
  specificity: '1',
  suicide: '0',
  attacktype1_txt: 'Armed Assault',
  targtype1_txt: 'Private Citizens & Property',
  natlty1_txt: 'Pakistan',
  gname: 'Tehrik-i-Taliban Pakistan (TTP)',
  claimed: '1',
  weaptype1_txt: 'Firearms',
  nkill: '0',
  nkillter: '0',
  nwound: '0',
  nwoundte: '0',
  ishostkid: '0',
  nhostkid: '',
};
const row = exportRow(header, base);

const events: Record<string, string>[] = [
  {
    eventid: '201406080001',
    suicide: '1',
    attacktype1_txt: 'Bombing/Explosion',
    targtype1_txt: 'Business',
    natlty1_txt: 'China',
    nkill: '3.0',
    nkillter: '1',
    nwound: '40+',
    summary: '06/08/2014: A suicide bomber struck a convoy\nnear Karachi airport.',
    scite1: '"Blast near airport," Dawn, June 9, 2014.',
  },
  {
    eventid: '201406000002',
    iday: '0',
    provstate: 'North-West Frontier Province',
    attacktype1_txt: 'Bombing/Explosion',
    targtype1_txt: 'Police',
    weaptype1_txt: 'Explosives',
    weapsubtype1_txt: 'Remote Trigger',
    nkill: '10-15',
    specificity: '2',
  },
  {
    eventid: '201400000003',
    imonth: '0',
    iday: '0',
    provstate: 'Federally Administered Tribal Areas',
    targtype1_txt: 'Military',
    specificity: '4',
    claimed: '-9',
    gname: 'Unknown',
    city: 'Unknown',
  },
  {
    eventid: '201406080004',
    provstate: 'Baluchistan',
    attacktype1_txt: 'Assassination',
    targtype1_txt: 'Government (General)',
    claimed: '0',
  },
  {
    eventid: '201406080005',
    attacktype1_txt: 'Hostage Taking (Kidnapping)',
    ishostkid: '1',
    nhostkid: '5',
    targtype1_txt: 'Tourists',
  },
  {
    eventid: '201406080006',
    attacktype1_txt: 'Bombing/Explosion',
    weaptype1_txt: 'Explosives',
    weapsubtype1_txt: 'Projectile (rockets, mortars, RPGs, etc.)',
    targtype1_txt: 'Airports & Aircraft',
    nkill: '15-10',
    nwound: '12',
    nwoundte: '-99',
  },
  {
    eventid: '201406080007',
    attacktype1_txt: 'Facility/Infrastructure Attack',
    ishostkid: '1',
    nhostkid: '-99',
  },
];

describe('GTD import', () => {
  it('maps dates with unknown days and months, types, targets, tolls and claims', () => {
    const result = parseIncidentFile(Buffer.from([header, ...events.map(row), ''].join('\r\n')), 'gtd');
    expect(result.rejected).toEqual([]);
    expect(
      result.rows.map(({ line, incident: i }) => [
        line,
        i.sourceKey,
        i.date,
        i.datePrecision,
        i.type,
        i.target,
      ]),
    ).toEqual([
      [2, 'gtd:201406080001', '2014-06-08', 'day', 'suicide_attack', 'foreign_nationals'],
      [4, 'gtd:201406000002', '2014-06-01', 'month', 'ied', 'security_forces'],
      [5, 'gtd:201400000003', '2014-01-01', 'year', 'armed_assault', 'security_forces'],
      [6, 'gtd:201406080004', '2014-06-08', 'day', 'targeted_killing', 'government'],
      [7, 'gtd:201406080005', '2014-06-08', 'day', 'kidnapping', 'foreign_nationals'],
      [8, 'gtd:201406080006', '2014-06-08', 'day', 'rocket_attack', 'infrastructure'],
      [9, 'gtd:201406080007', '2014-06-08', 'day', 'other', 'civilians'],
    ]);
    const [suicide, ied, army, assassination, kidnap, rocket, facility] = result.rows.map((r) => r.incident);
    expect(suicide).toMatchObject({
      province: 'Sindh',
      place: 'Karachi',
      geoPrecision: 'place',
      subType: 'Bombing/Explosion',
      perpetrator: 'Tehrik-i-Taliban Pakistan (TTP)',
      claimed: true,
      killed: { best: 3, militants: 1 },
      wounded: { best: 40, low: 40, high: null, militants: 0 },
      description: events[0]!.summary,
      sources: [{ publisher: 'Global Terrorism Database', title: events[0]!.scite1 }],
    });
    expect(ied).toMatchObject({
      province: 'Khyber Pakhtunkhwa',
      geoPrecision: 'district',
      killed: { best: 10, low: 10, high: 15 },
    });
    expect(army).toMatchObject({
      province: 'FATA',
      place: null,
      perpetrator: null,
      claimed: null,
      geoPrecision: 'province',
    });
    expect(assassination).toMatchObject({ province: 'Balochistan', claimed: false });
    expect(kidnap!.kidnapped).toBe(5);
    expect(rocket).toMatchObject({ killed: { best: 10, low: 10, high: 15 }, wounded: { best: 12 } });
    expect(rocket!.wounded.militants).toBeUndefined();
    expect(facility!.kidnapped).toBeNull();
    expect(result.notes).toEqual([
      {
        record: 7,
        line: 8,
        kind: 'repaired',
        field: 'nkill',
        message: 'range 15-10 runs from high to low: read as 10-15',
      },
    ]);
  });

  it('reads the Windows-1252 export with lone CR, trailing commas, blank and totals rows', () => {
    const lines = [
      `${header},`,
      `${row({ ...events[3]!, city: 'Chaman Bazar é', summary: 'Shot at the café' })},`,
      ',,,,',
      `Grand Total,,,,,,,,,,,,,,,,,,,,,3,1,0,0,,,,`,
      `${row(events[1]!)},`,
      `${','.repeat(21)}13,1,40,0,`,
      '',
    ];
    const result = parseIncidentFile(Buffer.from(lines.join('\r'), 'latin1'), 'gtd');
    expectReadAsWindows1252(result, { 3: 'blank row', 4: 'totals row', 6: 'totals row' });
    expect(result.rows.map((r) => [r.line, r.incident.place, r.incident.description])).toEqual([
      [2, 'Chaman Bazar é', 'Shot at the café'],
      [5, 'Karachi', null],
    ]);
  });

  it('rejects impossible dates and bad numbers with their line and column; a bad toll only warns', () => {
    const lines = [
      header,
      row({ eventid: '1', imonth: '2', iday: '30' }),
      row({ eventid: '2', iyear: 'abc' }),
      row({ eventid: '3', nkill: 'some' }),
      row({ eventid: '4', claimed: '2' }),
      row({ eventid: '5', imonth: '13' }),
    ];
    const result = parseIncidentFile(Buffer.from(lines.join('\n')), 'gtd');
    expect(result.rejected).toEqual([
      { record: 2, line: 2, field: 'iday', message: '2014-2-30 is not a calendar date' },
      { record: 3, line: 3, field: 'iyear', message: '"abc" is not a number' },
      { record: 5, line: 5, field: 'claimed', message: '"2" is not yes or no' },
      { record: 6, line: 6, field: 'imonth', message: '2014-13-8 is not a calendar date' },
    ]);
    // Issue 9, part 2: the toll that cannot be read is left unknown and the row imported.
    expect(result.rows.map((r) => [r.line, r.incident.killed.best])).toEqual([[4, null]]);
    expect(result.notes).toEqual([
      {
        record: 4,
        line: 4,
        kind: 'warning',
        field: 'nkill',
        message: '"some" is not a number of people (write 12, 10-15 or 40+): left unknown',
      },
    ]);
  });
});
