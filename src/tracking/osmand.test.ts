import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../platform/errors.js';
import { readTimestamp } from './device-time.js';
import type { Fix } from './fix.js';
import { type OsmAndReport, readOsmAndJson, readOsmAndJsonList, readOsmAndParams } from './osmand.js';

const receivedAt = new Date('2026-12-07T10:00:00.000Z');

/** A request line's parameters as Fastify hands them on: percent-decoded, `+` a space. */
function query(path: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(path.slice(path.indexOf('?') + 1)));
}

function fixOf(report: OsmAndReport): Fix {
  if (!report.fix) throw new Error('expected a fix');
  return report.fix;
}

function refusal(read: () => unknown) {
  try {
    read();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the OsmAnd query strings of issue 12 (Traccar decoder tests), ids as tokens', () => {
  const cases: [string, string, Partial<Fix>][] = [
    [
      '/?id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0',
      '902064',
      {
        lat: 42.06288,
        lon: -88.23412,
        fixAt: new Date('2016-01-27T18:55:47.000Z'),
        altitudeM: 224,
        speedKmh: 0,
        attributes: { hdop: 6 },
      },
    ],
    [
      '/?id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0',
      '902064',
      {
        lat: 42.06288,
        lon: -88.23412,
        fixAt: new Date('2015-09-12T14:38:06.579Z'),
        altitudeM: 224,
        speedKmh: 0,
      },
    ],
    [
      '/?lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681',
      '353861053849681',
      {
        lat: 49.60688,
        lon: 6.15788,
        fixAt: new Date('2014-06-04T09:10:11.000Z'),
        altitudeM: 384.7,
        speedKmh: 0,
      },
    ],
    [
      '/?lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456',
      '123456',
      // No timestamp: the time it arrived. hacc 0 is "not known".
      {
        lat: 60,
        lon: 30,
        fixAt: receivedAt,
        headingDeg: 0,
        accuracyM: null,
        altitudeM: 0,
        attributes: { vacc: 0 },
      },
    ],
    [
      '/?id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87',
      '861001000719969',
      {
        lat: 41.666667,
        lon: -0.883333,
        fixAt: receivedAt,
        altitudeM: 350.059479,
        speedKmh: 0,
        batteryPct: 87,
      },
    ],
    [
      '/?id=123456&timestamp=1377177267&location=60.0,30.0',
      '123456',
      { lat: 60, lon: 30, fixAt: new Date('2013-08-22T13:14:27.000Z'), speedKmh: null, attributes: {} },
    ],
    [
      '/?id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24',
      '123456789012345',
      {
        fixAt: new Date('2017-09-07T05:56:50.000Z'),
        headingDeg: 7.19889788244,
        speedKmh: 40 * 1.852,
        attributes: { ignition: true, rpm: 933, fuel: 24 },
      },
    ],
  ];
  it.each(cases)('%s', (path, token, expected) => {
    const report = readOsmAndParams(query(path), receivedAt);
    expect(report.token).toBe(token);
    expect(fixOf(report)).toMatchObject(expected);
  });

  it('/?timestamp=1377177267&lat=60.0&lon=30.0 (no id: 400, naming id)', () => {
    expect(
      refusal(() => readOsmAndParams(query('/?timestamp=1377177267&lat=60.0&lon=30.0'), receivedAt)),
    ).toEqual({
      code: 'validation_failed',
      status: 400,
      details: { field: 'id', in: 'querystring' },
    });
  });
});

describe('Traccar Client 10: one form-encoded POST a position', () => {
  // As its HttpUploader builds the form: speed m/s × 1.94384 to knots, rounded to hundredths.
  const form =
    'id=48241179&lat=37.4219983&lon=-122.084&timestamp=1750000000&accuracy=12.5&altitude=5.0&speed=9.72' +
    '&bearing=270.0&batt=64&charge=true&alarm=sos&battery_health=good&battery_voltage=4180&battery_temp=31.5';

  it('reads every field, the SOS alarm and the battery', () => {
    const report = readOsmAndParams(query(`?${form}`), receivedAt, 'body');
    expect(report.token).toBe('48241179');
    expect(fixOf(report)).toEqual({
      lat: 37.4219983,
      lon: -122.084,
      fixAt: new Date('2025-06-15T15:06:40.000Z'),
      accuracyM: 12.5,
      altitudeM: 5,
      speedKmh: 9.72 * 1.852,
      headingDeg: 270,
      batteryPct: 64,
      charging: true,
      sos: true,
      attributes: { battery_health: 'good', battery_voltage: 4180, battery_temp: 31.5 },
    });
  });

  it('a heartbeat without a position is a status, not a refusal (the app would resend it for ever)', () => {
    const report = readOsmAndParams(
      query('?id=48241179&timestamp=1750000000&batt=15&charge=false'),
      receivedAt,
    );
    expect(report).toEqual({
      token: '48241179',
      fix: null,
      status: {
        at: new Date('2025-06-15T15:06:40.000Z'),
        batteryPct: 15,
        charging: false,
        sos: false,
        attributes: {},
      },
    });
  });

  it('an SOS without a position still says SOS', () => {
    const report = readOsmAndParams(query('?id=48241179&alarm=sos'), receivedAt);
    expect(report.fix).toBeNull();
    expect(report.fix === null && report.status).toMatchObject({ at: receivedAt, sos: true });
  });

  it('a report with cell towers and Wi-Fi but no position is a status; repeated parameters are lists', () => {
    const search = new URLSearchParams(
      'id=123456&timestamp=1377177267&cell=257,02,16,2224&cell=257,02,16,2223,-90&wifi=00-14-22-01-23-45,-80&wifi=00-1C-B3-09-85-15,-70',
    );
    const params = Object.fromEntries([...search.keys()].map((key) => [key, search.getAll(key)]));
    expect(readOsmAndParams(params, receivedAt)).toEqual({
      token: '123456',
      fix: null,
      status: {
        at: new Date('2013-08-22T13:14:27.000Z'),
        batteryPct: null,
        charging: null,
        sos: false,
        attributes: {
          cell: ['257,02,16,2224', '257,02,16,2223,-90'],
          wifi: ['00-14-22-01-23-45,-80', '00-1C-B3-09-85-15,-70'],
        },
      },
    });
  });

  it('keeps other alarms and identifiers as sent (cell, wifi, driverUniqueId, imei stay text)', () => {
    const report = readOsmAndParams(
      query(
        '?id=1&lat=1&lon=2&alarm=lowBattery&driverUniqueId=007&imei=0123456789&cell=257,02,16,2224&valid=1',
      ),
      receivedAt,
    );
    expect(fixOf(report)).toMatchObject({
      sos: false,
      attributes: {
        alarm: 'lowBattery',
        driverUniqueId: '007',
        imei: '0123456789',
        cell: '257,02,16,2224',
        valid: 1,
      },
    });
  });

  it('keeps a __proto__ parameter as an ordinary attribute', () => {
    const { attributes } = fixOf(readOsmAndParams(query('?id=1&lat=1&lon=2&__proto__=x'), receivedAt));
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.entries(attributes)).toEqual([['__proto__', 'x']]);
  });

  it('leaves the push token out of the attributes', () => {
    expect(
      fixOf(readOsmAndParams(query('?id=1&lat=1&lon=2&notificationToken=abc'), receivedAt)).attributes,
    ).toEqual({});
  });
});

describe('bad parameters are refused, naming the field', () => {
  const cases: [string, string, string][] = [
    ['lat 91', '?id=1&lat=91&lon=30', 'lat'],
    ['lon -181', '?id=1&lat=60&lon=-181', 'lon'],
    ['lon text', '?id=1&lat=60&lon=east', 'lon'],
    ['lat without lon', '?id=1&lat=60', 'lon'],
    ['location with one number', '?id=1&location=60', 'location'],
    ['location with text', '?id=1&location=60,x', 'location'],
    ['timestamp garbage', '?id=1&lat=60&lon=30&timestamp=yesterday', 'timestamp'],
    ['timestamp 30 February', '?id=1&lat=60&lon=30&timestamp=2021-02-30T10:00:00Z', 'timestamp'],
    ['timestamp at 24:00', '?id=1&lat=60&lon=30&timestamp=2021-02-03 24:00:00', 'timestamp'],
    ['speed text', '?id=1&lat=60&lon=30&speed=fast', 'speed'],
    ['charge neither true nor false', '?id=1&lat=60&lon=30&charge=maybe', 'charge'],
    ['an empty id', '?id=&lat=60&lon=30', 'id'],
  ];
  it.each(cases)('%s', (_name, path, field) => {
    expect(refusal(() => readOsmAndParams(query(path), receivedAt, 'body'))).toMatchObject({
      code: 'validation_failed',
      details: { field, in: 'body' },
    });
  });
});

describe('timestamps and units', () => {
  const times: [string, string][] = [
    ['1377177267', '2013-08-22T13:14:27.000Z'],
    ['2147483646', '2038-01-19T03:14:06.000Z'],
    ['2147483648', '1970-01-25T20:31:23.648Z'],
    ['1442068686579', '2015-09-12T14:38:06.579Z'],
    ['2016-01-27T18:55:47Z', '2016-01-27T18:55:47.000Z'],
    ['2025-06-15T13:45:12.862Z', '2025-06-15T13:45:12.862Z'],
    ['2025-06-15T15:45:12+02:00', '2025-06-15T13:45:12.000Z'],
    ['2025-06-15T08:45:12-0500', '2025-06-15T13:45:12.000Z'],
    ['2016-01-27T18:55:47', '2016-01-27T18:55:47.000Z'],
    ['2014-06-04 09:10:11', '2014-06-04T09:10:11.000Z'],
    ['2014-06-04+09:10:11', '2014-06-04T09:10:11.000Z'],
  ];
  it.each(times)('timestamp %s is %s', (text, iso) => {
    expect(readTimestamp(text, 'timestamp', 'querystring').toISOString()).toBe(iso);
  });

  it('speed: knots to km/h in parameters, m/s to km/h in JSON', () => {
    expect(
      fixOf(readOsmAndParams({ id: 'a', lat: '1', lon: '2', speed: '10' }, receivedAt)).speedKmh,
    ).toBeCloseTo(18.52);
    const json = { device_id: 'a', location: { coords: { latitude: 1, longitude: 2, speed: 10 } } };
    expect(fixOf(readOsmAndJson(json, receivedAt)).speedKmh).toBeCloseTo(36);
  });

  it('bearing wraps at 360; negative speed, heading and battery are "not known"', () => {
    const fix = fixOf(
      readOsmAndParams({ id: 'a', lat: '1', lon: '2', bearing: '360', batt: '-1' }, receivedAt),
    );
    expect(fix).toMatchObject({ headingDeg: 0, batteryPct: null });
  });
});

describe('the JSON body (Traccar Client 9, transistorsoft background-geolocation)', () => {
  it('reads the issue 12 payload verbatim', () => {
    const body = JSON.parse(
      '{"location":{"timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"is_moving":false,"event":"motionchange","coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"heading":63,"altitude":35.7},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}',
    ) as unknown;
    const report = readOsmAndJson(body, receivedAt);
    expect(report.token).toBe('8737767034');
    const fix = fixOf(report);
    expect(fix).toMatchObject({
      lat: -6.1148096,
      lon: 106.6837015,
      fixAt: new Date('2021-07-21T08:06:34.444Z'),
      accuracyM: 3.8,
      headingDeg: 63,
      altitudeM: 35.7,
      batteryPct: 79,
      charging: false,
      sos: false,
      attributes: { event: 'motionchange', is_moving: false, odometer: 0 },
    });
    expect(fix.speedKmh).toBeCloseTo(18.67 * 3.6);
  });

  it('reads -1 as "not known" and keeps extras, activity and mock (Traccar decoder tests)', () => {
    const body = JSON.parse(
      '{"location":{"extras":{"device_string_test":"long_device_id","device_bool_test":true,"device_integer_test":1,"device_double_test":1.345},"mock":true,"coords":{"speed_accuracy":-1,"speed":-1,"longitude":-122.406417,"latitude":37.785834000000001,"accuracy":5,"altitude":0,"heading":-1},"is_moving":false,"odometer":0,"uuid":"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8","event":"motionchange","battery":{"level":-1,"is_charging":false},"activity":{"type":"unknown","confidence":100},"timestamp":"2025-05-09T04:11:30.579Z"},"device_id":"658765"}',
    ) as unknown;
    expect(fixOf(readOsmAndJson(body, receivedAt))).toMatchObject({
      lat: 37.785834,
      speedKmh: null,
      headingDeg: null,
      batteryPct: null,
      attributes: {
        mock: true,
        activity: 'unknown',
        uuid: '2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8',
        device_string_test: 'long_device_id',
        device_bool_test: true,
        device_integer_test: 1,
        device_double_test: 1.345,
      },
    });
  });

  it('an alarm in the extras is the SOS; a location without coords is a status', () => {
    const body = { device_id: 7, location: { timestamp: '2021-07-21T08:06:34Z', extras: { alarm: 'sos' } } };
    expect(readOsmAndJson(body, receivedAt)).toEqual({
      token: '7',
      fix: null,
      status: {
        at: new Date('2021-07-21T08:06:34Z'),
        batteryPct: null,
        charging: null,
        sos: true,
        attributes: {},
      },
    });
  });

  it("reads Traccar Client's flat JSON upload (a list, speed in knots) as parameters", () => {
    const list = [
      { id: 'tok', lat: 1.5, lon: 2.5, timestamp: 1750000000, speed: 10, charge: true, batt: 50 },
      { id: 'tok', timestamp: 1750000060, batt: 49 },
    ];
    const [first, second] = readOsmAndJsonList(list, receivedAt);
    expect(fixOf(first!)).toMatchObject({ lat: 1.5, lon: 2.5, charging: true, batteryPct: 50 });
    expect(fixOf(first!).speedKmh).toBeCloseTo(18.52);
    expect(second).toMatchObject({ token: 'tok', fix: null, status: { batteryPct: 49 } });
  });

  const bad: [string, unknown, string][] = [
    ['no device_id', { location: { coords: { latitude: 1, longitude: 2 } } }, 'device_id'],
    [
      'latitude 91',
      { device_id: 'a', location: { coords: { latitude: 91, longitude: 2 } } },
      'location.coords.latitude',
    ],
    [
      'longitude text',
      { device_id: 'a', location: { coords: { latitude: 1, longitude: 'x' } } },
      'location.coords.longitude',
    ],
    ['timestamp garbage', { device_id: 'a', location: { timestamp: 'soon' } }, 'location.timestamp'],
    ['no id in a flat object', { lat: 1, lon: 2 }, 'id'],
  ];
  it.each(bad)('refuses %s, naming the field', (_name, body, field) => {
    expect(refusal(() => readOsmAndJson(body, receivedAt))).toMatchObject({ details: { field, in: 'body' } });
  });

  it('names the report in a list', () => {
    expect(refusal(() => readOsmAndJsonList([{ id: 'a' }, { lat: 1 }], receivedAt))).toMatchObject({
      details: { field: '1.id' },
    });
  });
});

describe('any input', () => {
  // Whatever a device sends, the reader answers with a report or a 400 naming a field, never a crash.
  const text = fc.oneof(
    fc.string(),
    fc.constantFrom('', '0', '-1', '91', '1e3', '2021-02-30 10:00:00', 'true'),
  );
  const keys = [
    'id',
    'lat',
    'lon',
    'location',
    'timestamp',
    'speed',
    'bearing',
    'batt',
    'charge',
    'alarm',
    'hdop',
  ];
  const params = fc.dictionary(
    fc.oneof(fc.constantFrom(...keys), fc.string()),
    fc.oneof(text, fc.array(text)),
  );
  const value = fc.oneof(fc.jsonValue(), fc.double(), fc.constantFrom('', '12', -1, null));
  const json = fc.oneof(
    fc.jsonValue(),
    fc.record({
      device_id: value,
      location: fc.oneof(
        value,
        fc.record({
          timestamp: value,
          coords: fc.oneof(
            value,
            fc.record({ latitude: value, longitude: value, speed: value, heading: value }),
          ),
          battery: fc.oneof(value, fc.record({ level: value, is_charging: value })),
          extras: value,
        }),
      ),
    }),
  );
  const refusesWith400 = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      expect(isAppError(error) && error.status).toBe(400);
    }
  };
  it('parameters: reads or refuses with a 400', () => {
    fc.assert(
      fc.property(params, (p) => refusesWith400(() => readOsmAndParams(p, receivedAt))),
      { seed: 20261207, numRuns: 2000 },
    );
  });
  it('JSON: reads or refuses with a 400', () => {
    fc.assert(
      fc.property(json, (body) => refusesWith400(() => readOsmAndJsonList(body, receivedAt))),
      { seed: 20261207, numRuns: 2000 },
    );
  });
});
