import { AppError, type RequestPart, validationFailed } from '../platform/errors.js';
import type { FixAttribute } from './fix.js';

/**
 * The values every device protocol reader shares: numbers sent as JSON numbers or as text, the
 * apps' "unknown" markers, coordinates in range, and the attributes kept beside a fix. Pure.
 */

const numeric = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number as a device sends it: a JSON number, or its text (query strings, forms, and the first
 * OwnTracks apps send text). Absent, null or empty is `undefined`; anything else that is no finite
 * number is refused, naming `field`.
 */
export function readNumber(value: unknown, field: string, part: RequestPart): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && numeric.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n)) throw validationFailed(field, `${field}: must be a number`, part);
  return n;
}

/** A latitude and longitude in WGS 84 degrees, both required and in range. */
export function readPosition(
  lat: unknown,
  lon: unknown,
  fields: { lat: string; lon: string },
  part: RequestPart,
): { lat: number; lon: number } {
  const latitude = readNumber(lat, fields.lat, part);
  const longitude = readNumber(lon, fields.lon, part);
  if (latitude === undefined) throw validationFailed(fields.lat, `${fields.lat}: is required`, part);
  if (longitude === undefined) throw validationFailed(fields.lon, `${fields.lon}: is required`, part);
  if (latitude < -90 || latitude > 90)
    throw validationFailed(fields.lat, `${fields.lat}: must be degrees from -90 to 90`, part);
  if (longitude < -180 || longitude > 180)
    throw validationFailed(fields.lon, `${fields.lon}: must be degrees from -180 to 180`, part);
  return { lat: latitude, lon: longitude };
}

/** A speed, altitude-free measure or count: the apps write -1 for "not known". */
export function measureOrNull(n: number | undefined): number | null {
  return n === undefined || n < 0 ? null : n;
}

/** An accuracy radius: zero or less means the device did not know it (Android sends 0 then). */
export function accuracyOrNull(n: number | undefined): number | null {
  return n === undefined || n <= 0 ? null : n;
}

/** A course in degrees clockwise from north, 0 ≤ course < 360; negative is "not known". */
export function headingOrNull(n: number | undefined): number | null {
  return n === undefined || n < 0 ? null : n % 360;
}

/** A battery percentage, 0–100; outside it (-1 on several apps) is "not known". */
export function batteryOrNull(n: number | undefined): number | null {
  return n === undefined || n < 0 || n > 100 ? null : n;
}

/** Text read as what it spells: `true`/`false`, a number (not one with a leading zero: an id), or itself. */
export function attributeFromText(text: string): FixAttribute {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const trimmed = text.trim();
  if (numeric.test(trimmed) && !/^[+-]?0\d/.test(trimmed)) {
    const n = Number(trimmed);
    if (Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n))) return n;
  }
  return text;
}

/** A JSON value that can be kept as an attribute as it is: a scalar or a list of strings. */
export function attributeFromJson(value: unknown): FixAttribute | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

// A device chooses its attributes' names and sizes; these bounds keep one fix row small whatever
// it sends. What exceeds them is left out (refusing would make the app resend it for weeks).
const maxAttributes = 48;
const maxKeyLength = 64;
const maxTextLength = 256;
const maxListLength = 32;

function fits(key: string, value: FixAttribute): boolean {
  if (key.length === 0 || key.length > maxKeyLength) return false;
  if (typeof value === 'string') return value.length <= maxTextLength;
  if (Array.isArray(value))
    return value.length <= maxListLength && value.every((item: string) => item.length <= maxTextLength);
  return true;
}

/**
 * The attributes of a fix from name–value pairs, in order: the first value of a name wins, values
 * `undefined` are skipped, and the bounds above apply. Built with `Object.fromEntries`, so a key such
 * as `__proto__` is an ordinary key.
 */
export function collectAttributes(
  entries: Iterable<readonly [string, FixAttribute | undefined]>,
): Record<string, FixAttribute> {
  const kept = new Map<string, FixAttribute>();
  for (const [key, value] of entries) {
    if (kept.size >= maxAttributes) break;
    if (value === undefined || kept.has(key) || !fits(key, value)) continue;
    kept.set(key, value);
  }
  return Object.fromEntries(kept);
}

/** Whether a value is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text that says something, or null (absent, empty, or not text). */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Each item of a list read in turn; a refused one is named by its index (`2.lat`). */
export function readEach<T>(items: readonly unknown[], read: (item: unknown) => T): T[] {
  return items.map((item, index) => {
    try {
      return read(item);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      const field = `${index}.${String(error.details?.field ?? '')}`;
      throw validationFailed(field, `item ${index}: ${error.message}`, error.details?.in as RequestPart);
    }
  });
}
