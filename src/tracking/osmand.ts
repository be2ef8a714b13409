import { type RequestPart, validationFailed } from '../platform/errors.js';
import {
  accuracyOrNull,
  attributeFromJson,
  attributeFromText,
  batteryOrNull,
  collectAttributes,
  headingOrNull,
  isJsonObject,
  measureOrNull,
  readNumber,
  readEach,
  readPosition,
  textOrNull,
} from './device-values.js';
import { readTimestamp } from './device-time.js';
import type { Fix, FixAttribute } from './fix.js';

/**
 * The OsmAnd protocol as Traccar's server reads it (OsmAndProtocolDecoder), spoken by Traccar Client
 * and OsmAnd. Codebook:
 * - Parameters, in the query string (GET, and POST with an empty body: Traccar Client for Android
 *   before 9) or form-encoded (Traccar Client 10's default: one position a POST): `id` or `deviceid`
 *   the device, here its token; `timestamp` epoch seconds below 2147483647, milliseconds above,
 *   ISO 8601, or `yyyy-MM-dd HH:mm:ss` in UTC; `lat`/`lon` or `location=lat,lon` degrees; `speed`
 *   KNOTS; `bearing`/`heading` degrees; `altitude` metres; `accuracy`/`hacc` metres; `batt` percent;
 *   `charge` true/false; `alarm` (`sos` from the app's SOS button). Traccar Client 10 also sends
 *   `battery_health`, `battery_voltage`, `battery_temp` and `imei`; others send `hdop`, `vacc`,
 *   `driverUniqueId`, `valid`, `mock`, `cell`, `wifi`… all kept as attributes.
 * - JSON (Traccar Client 9, on transistorsoft background-geolocation): `{"device_id", "location":
 *   {"timestamp" ISO, "coords": {latitude, longitude, accuracy, speed M/S, heading, altitude},
 *   "battery": {"level" 0–1, "is_charging"}, "event", "is_moving", "odometer", "activity": {"type"},
 *   "extras": {...}}}`, -1 meaning "not known"; and the flat objects of Traccar Client's JSON upload
 *   option (`[{"id", "lat", "lon", "timestamp", "speed" knots, ...}]`), read as parameters.
 * A request without a position (Traccar Client's heartbeat when the phone has no fix) is a status,
 * not a refusal: the app resends the head of its queue until it is accepted, so a refused
 * heartbeat would hold back every fix behind it. Pure: the caller passes the time it arrived.
 */

/** What a device said without a position: the time, the battery, an alarm, the rest as sent. */
export type DeviceStatus = Pick<Fix, 'batteryPct' | 'charging' | 'sos' | 'attributes'> & { at: Date };

export type OsmAndReport = { token: string; fix: Fix } | { token: string; fix: null; status: DeviceStatus };

const knotsToKmh = 1.852;
const msToKmh = 3.6;

/** Parameters the reader takes into fields; `notificationToken` is a push address, not a property of a fix. */
const paramKeys = new Set([
  ...'id deviceid timestamp lat lon location speed bearing heading'.split(' '),
  ...'altitude accuracy hacc batt battery charge alarm notificationToken'.split(' '),
]);
/** Parameters that are identifiers or lists: kept as text even when they spell a number. */
const textKeys = new Set(['driverUniqueId', 'imei', 'cell', 'wifi']);

/** Decoded parameters, as Fastify gives them: a repeated one is a list. */
export type OsmAndParams = Record<string, string | readonly string[] | undefined>;

/**
 * A report from query-string or form parameters (already percent-decoded, `+` read as a space).
 * `part` names where a bad field was: `querystring` for a GET, `body` for a form POST.
 */
export function readOsmAndParams(
  params: OsmAndParams,
  receivedAt: Date,
  part: RequestPart = 'querystring',
): OsmAndReport {
  const get = (key: string) => {
    const raw = params[key];
    // A repeated parameter: the last one counts, as in Traccar.
    const value = (typeof raw === 'string' ? raw : raw?.at(-1))?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const token = get('id') ?? get('deviceid');
  if (token === undefined)
    throw validationFailed('id', 'id: is required (the device token, as id or deviceid)', part);
  const timestamp = get('timestamp');
  const at = timestamp === undefined ? receivedAt : readTimestamp(timestamp, 'timestamp', part);
  const num = (key: string) => readNumber(get(key), key, part);
  const alarm = get('alarm');
  const sos = alarm?.toLowerCase() === 'sos';
  const attributes = collectAttributes([
    ...(alarm !== undefined && !sos ? [['alarm', alarm] as const] : []),
    ...Object.entries(params)
      .filter(([key]) => !paramKeys.has(key))
      .map(([key, value]) => [key, paramAttribute(key, value)] as const),
  ]);
  const common = {
    batteryPct: batteryOrNull(num('batt') ?? num('battery')),
    charging: readCharge(get('charge'), part),
    sos,
    attributes,
  };

  const position = readParamsPosition(get, part);
  if (!position) return { token, fix: null, status: { at, ...common } };
  const speed = num('speed');
  return {
    token,
    fix: {
      ...position,
      fixAt: at,
      accuracyM: accuracyOrNull(num('accuracy') ?? num('hacc')),
      altitudeM: num('altitude') ?? null,
      speedKmh: measureOrNull(speed === undefined ? undefined : speed * knotsToKmh),
      headingDeg: headingOrNull(num('bearing') ?? num('heading')),
      ...common,
    },
  };
}

/** A parameter kept as an attribute: repeated ones (`cell`, `wifi`) as the list of their values. */
function paramAttribute(
  key: string,
  value: string | readonly string[] | undefined,
): FixAttribute | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value.length === 1 ? paramAttribute(key, value[0]) : value;
  return textKeys.has(key) ? value : attributeFromText(value);
}

function readParamsPosition(get: (key: string) => string | undefined, part: RequestPart) {
  const location = get('location');
  if (location !== undefined) {
    const parts = location.split(',');
    if (parts.length !== 2) throw validationFailed('location', 'location: must be lat,lon', part);
    return readPosition(parts[0], parts[1], { lat: 'location', lon: 'location' }, part);
  }
  if (get('lat') === undefined && get('lon') === undefined) return null;
  return readPosition(get('lat'), get('lon'), { lat: 'lat', lon: 'lon' }, part);
}

function readCharge(value: string | undefined, part: RequestPart): boolean | null {
  if (value === undefined) return null;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw validationFailed('charge', 'charge: must be true or false', part);
}

/**
 * A JSON body: Traccar Client 9's `{"location": {...}, "device_id": ...}`, or one flat object of
 * Traccar Client's JSON upload, read as parameters (speed in knots there).
 */
export function readOsmAndJson(body: unknown, receivedAt: Date): OsmAndReport {
  if (!isJsonObject(body)) throw validationFailed('location', 'location: the body must be a JSON object');
  if (!('location' in body)) return readOsmAndParams(flatParams(body), receivedAt, 'body');
  const location = body.location;
  if (!isJsonObject(location)) throw validationFailed('location', 'location: must be an object');
  const id = body.device_id;
  const token = typeof id === 'string' ? id.trim() : typeof id === 'number' ? String(id) : '';
  if (token === '') throw validationFailed('device_id', 'device_id: is required (the device token)');
  const at = readJsonTime(location.timestamp, receivedAt);

  const battery = isJsonObject(location.battery) ? location.battery : {};
  const level = readNumber(battery.level, 'location.battery.level', 'body');
  const extras = isJsonObject(location.extras) ? location.extras : {};
  const alarm = textOrNull(location.alarm) ?? textOrNull(extras.alarm);
  const sos = alarm?.toLowerCase() === 'sos';
  const activity = isJsonObject(location.activity) ? location.activity.type : undefined;
  const common = {
    batteryPct: batteryOrNull(level === undefined ? undefined : Math.round(level * 100)),
    charging: typeof battery.is_charging === 'boolean' ? battery.is_charging : null,
    sos,
    attributes: collectAttributes([
      ['alarm', alarm !== null && !sos ? alarm : undefined],
      ...(['event', 'is_moving', 'odometer', 'mock', 'uuid'] as const).map(
        (key) => [key, attributeFromJson(location[key])] as const,
      ),
      ['activity', attributeFromJson(activity)],
      ...Object.entries(extras)
        .filter(([key]) => key !== 'alarm')
        .map(([key, value]) => [key, attributeFromJson(value)] as const),
    ]),
  };

  const coords = location.coords;
  if (coords === undefined || coords === null) return { token, fix: null, status: { at, ...common } };
  if (!isJsonObject(coords)) throw validationFailed('location.coords', 'location.coords: must be an object');
  const field = (key: string) => readNumber(coords[key], `location.coords.${key}`, 'body');
  const position = readPosition(
    coords.latitude,
    coords.longitude,
    { lat: 'location.coords.latitude', lon: 'location.coords.longitude' },
    'body',
  );
  const speed = measureOrNull(field('speed'));
  return {
    token,
    fix: {
      ...position,
      fixAt: at,
      accuracyM: accuracyOrNull(field('accuracy')),
      altitudeM: field('altitude') ?? null,
      speedKmh: speed === null ? null : speed * msToKmh,
      headingDeg: headingOrNull(field('heading')),
      ...common,
    },
  };
}

/** The JSON location's time: ISO 8601 text (epoch numbers are read as the parameter is), or absent. */
function readJsonTime(value: unknown, receivedAt: Date): Date {
  if (value === undefined || value === null) return receivedAt;
  if (typeof value === 'string' || typeof value === 'number')
    return readTimestamp(String(value), 'location.timestamp', 'body');
  throw validationFailed('location.timestamp', 'location.timestamp: must be an ISO 8601 time');
}

/** A JSON body that may be a list (Traccar Client's JSON upload sends its queue as an array). */
export function readOsmAndJsonList(body: unknown, receivedAt: Date): OsmAndReport[] {
  if (!Array.isArray(body)) return [readOsmAndJson(body, receivedAt)];
  return readEach(body, (item) => readOsmAndJson(item, receivedAt));
}

/** A flat JSON object as the parameters it stands for: scalars as text, anything nested left out. */
function flatParams(body: Record<string, unknown>): OsmAndParams {
  const entries = Object.entries(body).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? [[key, String(value)]]
      : [],
  );
  return Object.fromEntries(entries);
}
