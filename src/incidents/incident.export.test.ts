import { describe, expect, it } from 'vitest';
import { actorOf } from '../../test/helpers/agreement.js';
import { expectError } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { parseCsv } from '../platform/csv.js';
import type { NewIncident } from './incident.rows.js';

/** More incidents than one export page holds (1,000), a fifth of them without a location. */
const count = 2_345;

function incident(serial: number): NewIncident {
  const placed = serial % 5 !== 0;
  return {
    sourceKey: `export:${serial}`,
    date: `2023-${String(1 + (serial % 12)).padStart(2, '0')}-${String(1 + (serial % 28)).padStart(2, '0')}`,
    datePrecision: 'day',
    province: serial % 2 ? 'Balochistan' : 'Khyber Pakhtunkhwa',
    place: `Place ${serial}`,
    lat: placed ? 28 + (serial % 100) / 100 : null,
    lon: placed ? 66 + (serial % 100) / 100 : null,
    type: serial % 3 ? 'ied' : 'armed_assault',
    // A perpetrator a spreadsheet would run as a formula, on one row.
    perpetrator: serial === 7 ? '=HYPERLINK("http://evil.example")' : 'TTP',
    target: 'security_forces',
    // Every tenth toll is unknown: the export must leave it empty, never write 0.
    killed: serial % 10 === 3 ? {} : { security: serial % 4, best: serial % 4, low: 0, high: serial % 4 },
    wounded: {},
    status: 'reported',
    sources: [
      { publisher: 'Dawn', reliability: 'B', credibility: 2 },
      { publisher: 'UCDP GED', reliability: 'A', credibility: 2 },
    ],
  };
}

describe('incident exports', () => {
  const t = useTestApp({
    setup: async () => {
      await t.services.incidents.importMany(
        actorOf(t, 'ssd:analyst'),
        Array.from({ length: count }, (_, serial) => incident(serial)),
      );
    },
  });

  it('streams every incident as CSV with ACLED-like columns, past any page size, unknown figures empty', async () => {
    const res = await t.request('cso:observer', { method: 'GET', url: '/api/v1/incidents.csv' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="jsms-incidents.csv"');
    const { headers, rows } = parseCsv(res.body);
    expect(headers.slice(0, 8)).toEqual([
      'event_id',
      'source_key',
      'event_date',
      'year',
      'date_precision',
      'event_type',
      'sub_event_type',
      'actor1',
    ]);
    expect(headers).toEqual(expect.arrayContaining(['admin1', 'latitude', 'fatalities', 'fatalities_high']));
    expect(rows).toHaveLength(count);
    const stored = await t.db.selectFrom('incidents').select(['id', 'date']).execute();
    expect(new Set(rows.map((r) => r.values.event_id))).toEqual(new Set(stored.map((s) => s.id)));
    // Newest first, as the list.
    const dates = rows.map((r) => r.values.event_date!);
    expect(dates).toEqual([...dates].sort().reverse());

    const bySource = new Map(rows.map((r) => [r.values.source_key, r.values]));
    expect(bySource.get('export:3')).toMatchObject({
      fatalities: '',
      fatalities_low: '',
      killed_security: '',
    });
    expect(bySource.get('export:6')).toMatchObject({
      fatalities: '2',
      fatalities_low: '0',
      fatalities_high: '2',
      killed_security: '2',
      injuries: '',
      admin1: 'Khyber Pakhtunkhwa',
      location: 'Place 6',
      latitude: '28.06',
      longitude: '66.06',
      year: '2023',
      source: 'Dawn; UCDP GED',
    });
    expect(bySource.get('export:5')).toMatchObject({ latitude: '', longitude: '' });
    expect(bySource.get('export:7')!.actor1).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  it('streams every located incident as GeoJSON and counts those it cannot draw', async () => {
    const res = await t.request('cso:observer', { method: 'GET', url: '/api/v1/incidents.geojson' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const collection = res.json();
    const unplaced = Math.ceil(count / 5);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(count - unplaced);
    expect(collection.withoutLocation).toBe(unplaced);
    const six = collection.features.find(
      (f: { properties: { sourceKey: string } }) => f.properties.sourceKey === 'export:6',
    );
    expect(six).toMatchObject({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [66.06, 28.06] },
      properties: { geoPrecision: 'exact', killed: { best: 2 }, sources: ['Dawn', 'UCDP GED'] },
    });
  });

  it('applies the list’s filters to both exports and names the period in the file', async () => {
    const query = 'province=Baluchistan&type=ied&from=2023-03-01&to=2023-06-30';
    const expected = Array.from({ length: count }, (_, serial) => incident(serial)).filter(
      (i) =>
        i.province === 'Balochistan' && i.type === 'ied' && i.date >= '2023-03-01' && i.date <= '2023-06-30',
    );
    expect(expected.length).toBeGreaterThan(50);
    const csv = await t.request('cso:observer', { method: 'GET', url: `/api/v1/incidents.csv?${query}` });
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="jsms-incidents-from-2023-03-01-to-2023-06-30.csv"',
    );
    expect(new Set(parseCsv(csv.body).rows.map((r) => r.values.source_key))).toEqual(
      new Set(expected.map((i) => i.sourceKey)),
    );
    const geo = (
      await t.request('cso:observer', { method: 'GET', url: `/api/v1/incidents.geojson?${query}` })
    ).json();
    expect(geo.features.length + geo.withoutLocation).toBe(expected.length);
  });

  it('refuses the anonymous, roles without incident reads, and a period that ends before it starts', async () => {
    for (const url of ['/api/v1/incidents.csv', '/api/v1/incidents.geojson']) {
      expectError(await t.request(null, { method: 'GET', url }), 401, 'unauthenticated');
      expectError(await t.request('cso:person', { method: 'GET', url }), 403, 'forbidden');
      expectError(
        await t.request('ssd:observer', { method: 'GET', url: `${url}?from=2023-09-30&to=2023-07-01` }),
        400,
        'validation_failed',
        'querystring.from',
      );
      expectError(
        await t.request('ssd:observer', { method: 'GET', url: `${url}?type=picnic` }),
        400,
        'validation_failed',
        'querystring.type',
      );
    }
  });
});
