import { describe, expect, it } from 'vitest';
import { expectReadAsWindows1252, exportRow } from '../../../test/helpers/incident-files.js';
import { parseIncidentFile } from './parse.js';

const header =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,' +
  'inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,' +
  'location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';
const base: Record<string, string> = {
  event_date: '06 October 2024',
  year: '2024',
  time_precision: '1',
  country: 'Pakistan',
  admin1: 'Sindh',
  admin2: 'Karachi',
  location: 'Karachi',
  latitude: '24.8608',
  longitude: '67.0104',
  geo_precision: '1',
  source: 'Dawn; Reuters',
  fatalities: '0',
};
/** A data line as the ACLED export writes it, plus a trailing comma as some spreadsheets add. */
const row = exportRow(header, base, { trailingComma: true });

const events = {
  suicide: {
    event_id_cnty: 'PAK1',
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Suicide bomb',
    actor1: 'BLA: Balochistan Liberation Army',
    actor2: 'Civilians (China)',
    inter2: '7',
    civilian_targeting: 'Civilian targeting',
    fatalities: '3',
    notes:
      'On 6 October 2024, a suicide car bomb near Karachi airport killed\ntwo Chinese nationals and one other.',
  },
  ied: {
    event_id_cnty: 'PAK2',
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Remote explosive/landmine/IED',
    actor1: 'TTP: Tehreek-i-Taliban Pakistan',
    actor2: 'Police Forces of Pakistan (2018-)',
    inter2: '1',
    admin1: 'KPK',
    fatalities: '10-15',
  },
  clash: {
    event_id_cnty: 'PAK3',
    event_date: '2024-08-26',
    event_type: 'Battles',
    sub_event_type: 'Armed clash',
    actor1: 'Military Forces of Pakistan (2018-)',
    actor2: 'TTP: Tehreek-i-Taliban Pakistan',
    inter2: 'Rebel group',
    admin1: 'Fata',
    fatalities: '40+',
  },
  attack: {
    event_id_cnty: 'PAK4',
    event_type: 'Violence against civilians',
    sub_event_type: 'Attack',
    actor1: 'Unidentified Armed Group (Pakistan)',
    actor2: 'Civilians (Pakistan)',
    inter2: '7',
    admin1: 'Baluchistan',
    location: 'Café Quetta',
    fatalities: '15-10',
  },
  abduction: {
    event_id_cnty: 'PAK5',
    event_type: 'Violence against civilians',
    sub_event_type: 'Abduction/forced disappearance',
    actor2: 'Civilians (Pakistan)',
  },
  shelling: {
    event_id_cnty: 'PAK6',
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Shelling/artillery/missile attack',
    time_precision: '3',
    geo_precision: '3',
  },
  protest: { event_id_cnty: 'PAK7', event_type: 'Protests', sub_event_type: 'Peaceful protest' },
  arrests: { event_id_cnty: 'PAK8', event_type: 'Strategic developments', sub_event_type: 'Arrests' },
};

describe('ACLED import', () => {
  it('maps event types, actors, targets and precisions', () => {
    const text = [header, ...Object.values(events).map(row), ''].join('\n');
    const result = parseIncidentFile(Buffer.from(text), 'acled');
    expect(result.rejected).toEqual([]);
    expect(result.skipped).toEqual([
      // The suicide attack's notes hold a quoted newline: from there on, record and line differ.
      { record: 8, line: 9, reason: 'not violence: Protests, Peaceful protest' },
      { record: 9, line: 10, reason: 'not violence: Strategic developments, Arrests' },
    ]);
    const summary = result.rows.map(({ line, incident: i }) => [
      line,
      i.sourceKey,
      i.type,
      i.target,
      i.province,
      i.killed,
    ]);
    expect(summary).toEqual([
      [2, 'acled:PAK1', 'suicide_attack', 'foreign_nationals', 'Sindh', { best: 3, low: null, high: null }],
      [4, 'acled:PAK2', 'ied', 'security_forces', 'Khyber Pakhtunkhwa', { best: 10, low: 10, high: 15 }],
      [5, 'acled:PAK3', 'armed_clash', 'militants', 'FATA', { best: 40, low: 40, high: null }],
      [
        6,
        'acled:PAK4',
        'targeted_killing',
        'civilians',
        'Balochistan',
        { best: 10, low: 10, high: 15, civilians: 10 },
      ],
      [7, 'acled:PAK5', 'kidnapping', 'civilians', 'Sindh', { best: 0, low: null, high: null, civilians: 0 }],
      [8, 'acled:PAK6', 'rocket_attack', null, 'Sindh', { best: 0, low: null, high: null }],
    ]);
    expect(result.rows[0]!.incident).toMatchObject({
      date: '2024-10-06',
      datePrecision: 'day',
      district: 'Karachi',
      place: 'Karachi',
      lat: 24.8608,
      lon: 67.0104,
      geoPrecision: 'place',
      subType: 'Suicide bomb',
      perpetrator: 'BLA: Balochistan Liberation Army',
      opponent: null, // actor2 `Civilians (China)`: the target, not a side
      description: events.suicide.notes,
      sources: [
        { publisher: 'ACLED', title: 'ACLED event PAK1' },
        { publisher: 'Dawn' },
        { publisher: 'Reuters' },
      ],
    });
    expect(result.rows[2]!.incident).toMatchObject({
      date: '2024-08-26',
      perpetrator: 'Military Forces of Pakistan (2018-)',
      opponent: 'TTP: Tehreek-i-Taliban Pakistan',
    });
    expect(result.rows[5]!.incident).toMatchObject({ datePrecision: 'month', geoPrecision: 'province' });
    expect(result.notes).toEqual([
      {
        record: 5,
        line: 6,
        kind: 'repaired',
        field: 'fatalities',
        message: 'range 15-10 runs from high to low: read as 10-15',
      },
    ]);
  });

  it('reads Windows-1252 with lone CR endings, and skips blank and totals rows', () => {
    const lines = [
      header,
      row(events.attack),
      '',
      row({ ...events.suicide, notes: 'first line\rsecond line' }),
      `Total,${','.repeat(header.split(',').length - 3)}25,`,
      row(events.clash),
      '',
    ];
    const result = parseIncidentFile(Buffer.from(lines.join('\r'), 'latin1'), 'acled');
    expectReadAsWindows1252(result, { 3: 'blank row', 6: 'totals row' });
    expect(result.rows.map((r) => r.line)).toEqual([2, 4, 7]);
    expect(result.rows[0]!.incident.place).toBe('Café Quetta');
    expect(result.rows[1]!.incident.description).toBe('first line\rsecond line');
  });

  it('rejects bad rows with their line, column and reason; a bad count cell only warns', () => {
    const lines = [
      header,
      row({ ...events.ied, event_date: 'yesterday' }),
      row({ ...events.ied, fatalities: 'several' }),
      row({ ...events.ied, latitude: '100' }),
      row({ ...events.ied, event_id_cnty: '' }),
      row({ ...events.ied, event_date: '31 June 2024' }),
      '',
    ];
    const result = parseIncidentFile(Buffer.from(lines.join('\r\n')), 'acled');
    // Issue 9, part 2: the row whose fatalities cannot be read is imported, its toll unknown.
    expect(result.rows.map((r) => [r.record, r.line, r.incident.killed])).toEqual([
      [3, 3, { best: null, low: null, high: null }],
    ]);
    expect(result.notes).toEqual([
      {
        record: 3,
        line: 3,
        kind: 'warning',
        field: 'fatalities',
        message: '"several" is not a number of people (write 12, 10-15 or 40+): left unknown',
      },
    ]);
    expect(result.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'event_date'],
      [4, 'latitude'],
      [5, 'event_id_cnty'],
      [6, 'event_date'],
    ]);
    expect(result.rejected[0]!.message).toBe(
      '"yesterday" is not a date (expected D MMMM YYYY or YYYY-MM-DD)',
    );
  });
});
