import { AppError, validationFailed } from '../platform/errors.js';
import {
  accuracyOrNull,
  attributeFromJson,
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
import { bareFix, type Fix, type FixAttribute } from './fix.js';

/**
 * The OwnTracks apps' messages (iOS and Android, HTTP and MQTT carry the same JSON), read into our
 * `Fix`. Codebook (owntracks/booklet docs/tech/json.md, checked against both apps' sources):
 * - `location`: `lat`, `lon` degrees and `tst` epoch seconds of the fix, required; `acc` horizontal
 *   and `vac` vertical accuracy metres, `alt` metres, `vel` km/h, `cog` degrees, `batt` percent,
 *   `bs` battery 0 unknown / 1 unplugged / 2 charging / 3 full; `t` trigger, `m` monitoring mode,
 *   `conn` w/o/m, `created_at` epoch seconds the message was made, `_id` random id (Android),
 *   `inregions`/`inrids` region names/ids, `SSID`/`BSSID` (iOS writes them in lower case), `tid`
 *   tracker id, `topic` (HTTP only), `poi`, `tag`, `p` kPa, `motionactivities`, `image` (base64).
 *   iOS leaves `acc`, `vac`, `vel`, `cog` out when negative (unknown); Android sends 0 then.
 * - `transition`: `event` enter/leave, `tst` when, `lat`/`lon`/`acc` where, `desc` region name,
 *   `rid` region id, `wtst` when the region was made, `t` c/b/l.
 * - `lwt`: the broker's last will for the app, `tst` when the app connected (a string in old apps).
 * - `status`: `iOS: {...}` or `android: {...}` with the phone's settings, and `_id`.
 * Every other `_type` (waypoint(s), card, cmd, steps, beacon, encrypted, configuration, request…) is
 * deliberately ignored. Pure: no I/O, no clock.
 */

export interface OwnTracksLocation {
  type: 'location';
  fix: Fix;
  /** The topic the app would publish to (HTTP mode only); identity comes from the token, not this. */
  topic: string | null;
  trackerId: string | null;
}

export interface OwnTracksRegion {
  name: string | null;
  id: string | null;
  /** When the region was made on the phone (`wtst`): with the name, it identifies the region on Android. */
  createdAt: Date | null;
}

export interface OwnTracksTransition {
  type: 'transition';
  event: 'enter' | 'leave';
  region: OwnTracksRegion;
  at: Date;
  /** Where the phone was when it crossed, when it said. */
  fix: Fix | null;
  topic: string | null;
  trackerId: string | null;
}

export interface OwnTracksLwt {
  type: 'lwt';
  /** When the app connected to the broker (not when it was lost), if it said. */
  at: Date | null;
}

export interface OwnTracksStatus {
  type: 'status';
  /** The phone's settings, one level flattened: `iOS.version`, `android.bo`, `_id`. */
  attributes: Record<string, FixAttribute>;
}

export interface OwnTracksIgnored {
  type: 'ignored';
  messageType: string;
}

export type OwnTracksMessage =
  OwnTracksLocation | OwnTracksTransition | OwnTracksLwt | OwnTracksStatus | OwnTracksIgnored;

/** What we ask of a device: the HTTP reply array and the MQTT `…/cmd` topic carry it. */
export interface OwnTracksCommand {
  _type: 'cmd';
  action: 'reportLocation';
}

/** The command that makes the app publish its location now (answered with `t: "r"`). */
export function reportLocationCommand(): OwnTracksCommand {
  return { _type: 'cmd', action: 'reportLocation' };
}

/**
 * The user and device an MQTT topic names: `owntracks/USER/DEVICE` (locations, lwt) and
 * `owntracks/USER/DEVICE/event` (transitions). Any other topic, or one with an empty or wildcard
 * level, is null.
 */
export function owntracksTopic(topic: string): { user: string; device: string; event: boolean } | null {
  const levels = topic.split('/');
  if (levels[0] !== 'owntracks' || levels.length < 3 || levels.length > 4) return null;
  const [, user, device, suffix] = levels as [string, string, string, string | undefined];
  const usable = (level: string) => level !== '' && !level.includes('+') && !level.includes('#');
  if (!usable(user) || !usable(device)) return null;
  if (suffix !== undefined && suffix !== 'event') return null;
  return { user, device, event: suffix === 'event' };
}

/**
 * An HTTP body as the app posts it: empty (the app posts a zero-length body when a friend is
 * deleted) is no message; one JSON object is one; a JSON array is each in turn (today's apps post
 * one message a request, but accepting a list costs nothing). A bad message in a list is named by
 * its index (`2.lat`).
 */
export function readOwnTracksBody(raw: string): OwnTracksMessage[] {
  if (raw.trim() === '') return [];
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError('invalid_json', 'The body is not valid JSON');
  }
  if (!Array.isArray(body)) return [readOwnTracks(body)];
  return readEach(body, readOwnTracks);
}

/** One decoded OwnTracks message. A missing or bad required field is refused, naming it. */
export function readOwnTracks(body: unknown): OwnTracksMessage {
  if (!isJsonObject(body)) throw validationFailed('_type', '_type: a message is a JSON object with a _type');
  const type = body._type;
  if (typeof type !== 'string' || type === '') throw validationFailed('_type', '_type: is required');
  switch (type) {
    case 'location':
      return {
        type,
        fix: readLocationFix(body),
        topic: textOrNull(body.topic),
        trackerId: textOrNull(body.tid),
      };
    case 'transition':
      return readTransition(body);
    case 'lwt':
      return { type, at: body.tst === undefined || body.tst === null ? null : readTst(body.tst) };
    case 'status':
      return { type, attributes: collectAttributes(flatten(body)) };
    default:
      return { type: 'ignored', messageType: type };
  }
}

/** Keys a location's fix takes into its own fields, and keys never kept (`image` is a picture). */
const fixKeys = new Set(['_type', 'lat', 'lon', 'tst', 'acc', 'alt', 'vel', 'cog', 'batt', 'topic', 'image']);

function readLocationFix(body: Record<string, unknown>): Fix {
  const { lat, lon } = readPosition(body.lat, body.lon, { lat: 'lat', lon: 'lon' }, 'body');
  if (body.tst === undefined || body.tst === null) throw validationFailed('tst', 'tst: is required');
  const bs = readNumber(body.bs, 'bs', 'body');
  return {
    lat,
    lon,
    fixAt: readTst(body.tst),
    accuracyM: accuracyOrNull(readNumber(body.acc, 'acc', 'body')),
    altitudeM: readNumber(body.alt, 'alt', 'body') ?? null,
    speedKmh: measureOrNull(readNumber(body.vel, 'vel', 'body')),
    headingDeg: headingOrNull(readNumber(body.cog, 'cog', 'body')),
    batteryPct: batteryOrNull(readNumber(body.batt, 'batt', 'body')),
    // 2 charging and 3 full both mean on the charger; 0 is "not known".
    charging: bs === 2 || bs === 3 ? true : bs === 1 ? false : null,
    sos: false,
    attributes: extraAttributes(body),
  };
}

// A Map, not an object literal: a key such as `__proto__` must not find the literal's prototype.
const renamed = new Map([
  ['ssid', 'SSID'],
  ['bssid', 'BSSID'],
]);

/** Every key the fix fields did not take, as sent; iOS's lower-case `ssid`/`bssid` as the booklet names them. */
function extraAttributes(body: Record<string, unknown>): Record<string, FixAttribute> {
  return collectAttributes(
    Object.entries(body)
      .filter(([key]) => !fixKeys.has(key))
      .map(([key, value]) => [renamed.get(key) ?? key, attributeFromJson(value)] as const),
  );
}

function readTransition(body: Record<string, unknown>): OwnTracksTransition {
  const event = body.event;
  if (event !== 'enter' && event !== 'leave')
    throw validationFailed('event', 'event: must be enter or leave');
  if (body.tst === undefined || body.tst === null) throw validationFailed('tst', 'tst: is required');
  const at = readTst(body.tst);
  const wtst = body.wtst === undefined || body.wtst === null ? null : readTst(body.wtst, 'wtst');
  const hasPosition =
    body.lat !== undefined && body.lat !== null && body.lon !== undefined && body.lon !== null;
  let fix: Fix | null = null;
  if (hasPosition) {
    const { lat, lon } = readPosition(body.lat, body.lon, { lat: 'lat', lon: 'lon' }, 'body');
    fix = bareFix({ lat, lon }, at, {
      accuracyM: accuracyOrNull(readNumber(body.acc, 'acc', 'body')),
      attributes: extraAttributes(body),
    });
  }
  return {
    type: 'transition',
    event,
    region: { name: textOrNull(body.desc), id: textOrNull(body.rid), createdAt: wtst },
    at,
    fix,
    topic: textOrNull(body.topic),
    trackerId: textOrNull(body.tid),
  };
}

// Epoch seconds up to 2^32 (the year 2106): a larger `tst` is milliseconds sent by mistake.
const maxEpochSeconds = 2 ** 32;

/** An OwnTracks epoch-seconds time (`tst`, `wtst`), number or numeric text. */
function readTst(value: unknown, field = 'tst'): Date {
  const seconds = readNumber(value, field, 'body');
  if (seconds === undefined || seconds <= 0 || seconds >= maxEpochSeconds)
    throw validationFailed(field, `${field}: must be epoch seconds`);
  return new Date(Math.round(seconds * 1000));
}

/** A status message's settings, nested objects one level flattened (`iOS.version`). */
function flatten(body: Record<string, unknown>): [string, FixAttribute | undefined][] {
  return Object.entries(body).flatMap(([key, value]): [string, FixAttribute | undefined][] => {
    if (key === '_type') return [];
    if (isJsonObject(value))
      return Object.entries(value).map(([inner, v]) => [`${key}.${inner}`, attributeFromJson(v)]);
    return [[key, attributeFromJson(value)]];
  });
}
