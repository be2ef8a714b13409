import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../platform/errors.js';
import type { Fix } from './fix.js';
import {
  type OwnTracksMessage,
  owntracksTopic,
  readOwnTracks,
  readOwnTracksBody,
  reportLocationCommand,
} from './owntracks.js';

function location(message: OwnTracksMessage) {
  if (message.type !== 'location') throw new Error(`expected a location, got ${message.type}`);
  return message;
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

describe('the OwnTracks payloads of issue 12, verbatim', () => {
  it('Android, extended data (Traccar decoder test)', () => {
    const [message] = readOwnTracksBody(
      '{"_type":"location","acc":15,"alt":440,"batt":46,"conn":"w","lat":46.0681247,"lon":11.1512805,"t":"u","tid":"5t","tst":1551874878,"vac":2,"vel":0}',
    );
    expect(location(message!)).toEqual({
      type: 'location',
      topic: null,
      trackerId: '5t',
      fix: {
        lat: 46.0681247,
        lon: 11.1512805,
        fixAt: new Date('2019-03-06T12:21:18.000Z'),
        accuracyM: 15,
        altitudeM: 440,
        speedKmh: 0,
        headingDeg: null,
        batteryPct: 46,
        charging: null,
        sos: false,
        attributes: { conn: 'w', t: 'u', tid: '5t', vac: 2 },
      },
    });
  });

  it('iOS over HTTP, with topic, created_at and monitoring mode', () => {
    const [message] = readOwnTracksBody(
      '{"lon":-122,"acc":5,"created_at":1736161415,"lat":37,"topic":"owntracks/ckrey/22A67880-15C3-41A6-9157-25545C7993AC","t":"u","m":1,"tst":1736161169,"conn":"w","alt":0,"_type":"location","tid":"AC"}',
    );
    expect(location(message!)).toEqual({
      type: 'location',
      topic: 'owntracks/ckrey/22A67880-15C3-41A6-9157-25545C7993AC',
      trackerId: 'AC',
      fix: {
        lat: 37,
        lon: -122,
        // The fix time, not when the message was made (created_at, four minutes later).
        fixAt: new Date('2025-01-06T10:59:29.000Z'),
        accuracyM: 5,
        altitudeM: 0,
        speedKmh: null,
        headingDeg: null,
        batteryPct: null,
        charging: null,
        sos: false,
        attributes: { created_at: 1736161415, t: 'u', m: 1, conn: 'w', tid: 'AC' },
      },
    });
  });
});

describe('location fields', () => {
  const base = { _type: 'location', lat: 48.85833, lon: 2.29513, tst: 1497349316 };
  const read = (extra: Record<string, unknown>): Fix => location(readOwnTracks({ ...base, ...extra })).fix;

  const cases: [string, Record<string, unknown>, Partial<Fix>][] = [
    ['vel is km/h, kept as is', { vel: 61 }, { speedKmh: 61 }],
    ['cog is the heading', { cog: 271 }, { headingDeg: 271 }],
    ['bs 0 is not known', { bs: 0 }, { charging: null, attributes: { bs: 0 } }],
    ['bs 1 is unplugged', { bs: 1 }, { charging: false }],
    ['bs 2 is charging', { bs: 2 }, { charging: true }],
    ['bs 3 (full) is on the charger', { bs: 3 }, { charging: true }],
    ['acc 0 (Android, no accuracy) is not known', { acc: 0 }, { accuracyM: null }],
    [
      'numbers as text (the first apps)',
      { lat: '48.5', tst: '1497349316', batt: '67' },
      { lat: 48.5, batteryPct: 67 },
    ],
    [
      'regions, Wi-Fi and the message id kept',
      { inregions: ['Home'], inrids: ['6da9cf'], SSID: 'net', BSSID: 'aa:bb', _id: 'e3f1a2b4' },
      {
        attributes: { inregions: ['Home'], inrids: ['6da9cf'], SSID: 'net', BSSID: 'aa:bb', _id: 'e3f1a2b4' },
      },
    ],
    [
      "iOS's lower-case ssid and bssid",
      { ssid: 'net', bssid: 'aa:bb' },
      { attributes: { SSID: 'net', BSSID: 'aa:bb' } },
    ],
    [
      'the picture is not kept',
      { image: 'iVBORw0KGgo=', imagename: 'x.png' },
      { attributes: { imagename: 'x.png' } },
    ],
    [
      'a fractional tst keeps its milliseconds',
      { tst: 1497349316.25 },
      { fixAt: new Date('2017-06-13T10:21:56.250Z') },
    ],
  ];
  it.each(cases)('%s', (_name, extra, expected) => {
    expect(read(extra)).toMatchObject(expected);
  });

  it('keeps nothing nested, and not the topic or the fields the fix took', () => {
    expect(read({ topic: 'owntracks/a/b', nested: { a: 1 }, list: [1, 2], vel: 3 }).attributes).toEqual({});
  });

  it('keeps at most 48 attributes, none of over-long text', () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(read(many).attributes)).toHaveLength(48);
    expect(read({ poi: 'x'.repeat(300) }).attributes).toEqual({});
  });

  it('treats a __proto__ key as an ordinary key', () => {
    const fix = location(
      readOwnTracks(JSON.parse('{"_type":"location","lat":1,"lon":2,"tst":1,"__proto__":"x"}')),
    ).fix;
    expect(Object.getPrototypeOf(fix.attributes)).toBe(Object.prototype);
    expect(Object.keys(fix.attributes)).toEqual(['__proto__']);
  });
});

describe('bad messages are refused, naming the field', () => {
  const cases: [string, unknown, string][] = [
    ['lat 91', { _type: 'location', lat: 91, lon: 2, tst: 1 }, 'lat'],
    ['lon -180.5', { _type: 'location', lat: 1, lon: -180.5, tst: 1 }, 'lon'],
    ['lon text', { _type: 'location', lat: 1, lon: 'east', tst: 1 }, 'lon'],
    ['lat missing', { _type: 'location', lon: 2, tst: 1 }, 'lat'],
    ['tst missing', { _type: 'location', lat: 1, lon: 2 }, 'tst'],
    ['tst garbage', { _type: 'location', lat: 1, lon: 2, tst: 'yesterday' }, 'tst'],
    ['tst in milliseconds', { _type: 'location', lat: 1, lon: 2, tst: 1551874878000 }, 'tst'],
    ['tst zero', { _type: 'location', lat: 1, lon: 2, tst: 0 }, 'tst'],
    ['batt an object', { _type: 'location', lat: 1, lon: 2, tst: 1, batt: {} }, 'batt'],
    ['no _type', { lat: 1, lon: 2, tst: 1 }, '_type'],
    ['not an object', 42, '_type'],
    ['transition without event', { _type: 'transition', tst: 1 }, 'event'],
    ['transition event dwell', { _type: 'transition', event: 'dwell', tst: 1 }, 'event'],
    ['transition without tst', { _type: 'transition', event: 'enter' }, 'tst'],
    ['transition lat 100', { _type: 'transition', event: 'enter', tst: 1, lat: 100, lon: 1 }, 'lat'],
    ['lwt tst garbage', { _type: 'lwt', tst: 'soon' }, 'tst'],
  ];
  it.each(cases)('%s', (_name, body, field) => {
    expect(refusal(() => readOwnTracks(body))).toEqual({
      code: 'validation_failed',
      status: 400,
      details: { field, in: 'body' },
    });
  });
});

describe('transition, lwt, status and the rest', () => {
  it('an iOS transition: where, when and which region', () => {
    const message = readOwnTracks({
      _type: 'transition',
      lat: 52.520008,
      lon: 13.404954,
      tst: 1736161169,
      acc: 12,
      tid: 'AC',
      event: 'leave',
      t: 'c',
      desc: 'Office',
      wtst: 1700000000,
      rid: '6da9cf',
    });
    expect(message).toMatchObject({
      type: 'transition',
      event: 'leave',
      at: new Date('2025-01-06T10:59:29.000Z'),
      region: { name: 'Office', id: '6da9cf', createdAt: new Date('2023-11-14T22:13:20.000Z') },
      trackerId: 'AC',
      fix: { lat: 52.520008, lon: 13.404954, fixAt: new Date('2025-01-06T10:59:29.000Z'), accuracyM: 12 },
    });
  });

  it('a transition without a position has no fix', () => {
    expect(
      readOwnTracks({ _type: 'transition', event: 'enter', tst: 1736161169, desc: 'Home' }),
    ).toMatchObject({
      fix: null,
      region: { name: 'Home', id: null, createdAt: null },
    });
  });

  const lwts: [string, unknown, Date | null][] = [
    ['a number', 1380738247, new Date('2013-10-02T18:24:07.000Z')],
    ['numeric text (old apps)', '1380738247', new Date('2013-10-02T18:24:07.000Z')],
    ['absent', undefined, null],
  ];
  it.each(lwts)('an lwt whose tst is %s', (_name, tst, at) => {
    expect(readOwnTracks({ _type: 'lwt', tst })).toEqual({ type: 'lwt', at });
  });

  it('a status from Android and from iOS, flattened one level', () => {
    expect(
      readOwnTracks({ _type: 'status', _id: 'ab12', android: { wifi: 1, ps: 0, bo: 1, hib: 0, loc: 0 } }),
    ).toEqual({
      type: 'status',
      attributes: {
        _id: 'ab12',
        'android.wifi': 1,
        'android.ps': 0,
        'android.bo': 1,
        'android.hib': 0,
        'android.loc': 0,
      },
    });
    expect(
      readOwnTracks({
        _type: 'status',
        iOS: { version: '18.3.0', locationManagerAuthorizationStatus: 'always' },
      }),
    ).toEqual({
      type: 'status',
      attributes: { 'iOS.version': '18.3.0', 'iOS.locationManagerAuthorizationStatus': 'always' },
    });
  });

  const ignored = [
    'waypoint',
    'waypoints',
    'card',
    'cmd',
    'steps',
    'beacon',
    'encrypted',
    'dump',
    'configuration',
  ];
  it.each(ignored)('%s is deliberately ignored', (type) => {
    expect(readOwnTracks({ _type: type, data: 'x' })).toEqual({ type: 'ignored', messageType: type });
  });
});

describe('readOwnTracksBody', () => {
  it('a zero-length or blank body is no message', () => {
    expect(readOwnTracksBody('')).toEqual([]);
    expect(readOwnTracksBody(' \r\n')).toEqual([]);
  });

  it('an array is each message in turn', () => {
    const messages = readOwnTracksBody(
      '[{"_type":"location","lat":1,"lon":2,"tst":1551874878},{"_type":"lwt"},{"_type":"card","name":"x"}]',
    );
    expect(messages.map((m) => m.type)).toEqual(['location', 'lwt', 'ignored']);
    expect(readOwnTracksBody('[]')).toEqual([]);
  });

  it('names the message in an array that is refused', () => {
    expect(
      refusal(() => readOwnTracksBody('[{"_type":"lwt"},{"_type":"location","lat":1,"lon":2}]')),
    ).toMatchObject({
      details: { field: '1.tst', in: 'body' },
    });
  });

  it('refuses a body that is not JSON', () => {
    expect(refusal(() => readOwnTracksBody('{"_type":'))).toMatchObject({
      code: 'invalid_json',
      status: 400,
    });
  });
});

describe('topics and commands', () => {
  const topics: [string, ReturnType<typeof owntracksTopic>][] = [
    ['owntracks/jane/phone', { user: 'jane', device: 'phone', event: false }],
    [
      'owntracks/ckrey/22A67880-15C3-41A6-9157-25545C7993AC',
      { user: 'ckrey', device: '22A67880-15C3-41A6-9157-25545C7993AC', event: false },
    ],
    ['owntracks/jane/phone/event', { user: 'jane', device: 'phone', event: true }],
    ['owntracks/jane/phone/cmd', null],
    ['owntracks/jane/phone/status', null],
    ['owntracks/jane', null],
    ['owntracks/jane//event', null],
    ['owntracks/+/phone', null],
    ['other/jane/phone', null],
    ['owntracks/jane/phone/event/x', null],
  ];
  it.each(topics)('%s', (topic, expected) => {
    expect(owntracksTopic(topic)).toEqual(expected);
  });

  it('reportLocation is the cmd the apps answer with a location', () => {
    expect(JSON.stringify(reportLocationCommand())).toBe('{"_type":"cmd","action":"reportLocation"}');
  });
});

describe('any input', () => {
  // Whatever a device sends, the reader answers with messages or a 400 naming a field, never a crash.
  const value = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.double(),
    fc.constantFrom('', '12', '-1', '1e3', null),
  );
  const message = fc.record(
    {
      _type: fc.constantFrom('location', 'transition', 'lwt', 'status', 'card', 7),
      lat: value,
      lon: value,
      tst: value,
      wtst: value,
      acc: value,
      vel: value,
      cog: value,
      batt: value,
      bs: value,
      event: fc.oneof(fc.constantFrom('enter', 'leave'), value),
      inregions: value,
      android: value,
    },
    { requiredKeys: ['_type'] },
  );
  it('reads or refuses with a 400', () => {
    fc.assert(
      fc.property(fc.oneof(message, fc.jsonValue()), (body) => {
        try {
          readOwnTracksBody(JSON.stringify(body));
        } catch (error) {
          expect(isAppError(error) && error.status).toBe(400);
        }
      }),
      { seed: 20261207, numRuns: 2000 },
    );
  });
});
