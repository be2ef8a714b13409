import { isInside, type Polygon } from '../platform/geo.js';
import { metresFromRoute, metresToSegment } from '../movements/movement.rules.js';
import type { LatLon } from '../risk/cell-walk.js';
import type { Fix } from './fix.js';

/**
 * The live picture: the latest fix of every person and unit, in memory, with the questions asked
 * of it when something happens (who is within R of a point, in a polygon, along a corridor). Pure:
 * no I/O, no clock; whoever feeds it rebuilds it from the database at start.
 *
 * Fixes are bucketed in a uniform grid of 0.05° cells (about 5.5 km north–south, 4–5 km east–west
 * over Pakistan), so a 5 km question reads a dozen cells and measures only their fixes. Distances
 * are the codebase's own: great-circle (`haversineKm` of src/risk/risk.ts) from a point, and
 * `metresFromRoute`, the movement rules' distance to a route line, for a corridor.
 */

export type SubjectType = 'person' | 'unit';

/** Whom a fix places: a protected person or a unit (an escort vehicle, a guard post). */
export interface Subject {
  type: SubjectType;
  id: string;
}

/** A subject's latest fix, as the index holds it. */
export interface LiveEntry {
  subject: Subject;
  fix: Fix;
  /** The device that reported it. */
  deviceId: string;
  /** When the server received it (a backlog arrives long after its fix time). */
  receivedAt: Date;
  /** The party that owns the subject, for the presenter's sharing. */
  partyId: string;
}

/** An entry found by a query, with its distance in metres from the point or the route line. */
export interface LiveHit {
  entry: LiveEntry;
  distanceM: number;
}

/** The live state of a subject's position (issue 12, part 5). */
export type LiveStatus = 'live' | 'stale' | 'silent';

/** The map key of a subject: `person:ID` or `unit:ID`. */
export function subjectKey(subject: Subject): string {
  return `${subject.type}:${subject.id}`;
}

/**
 * Whether a subject's position is live: its last fix no older than the device's expected reporting
 * interval. Older, it is `silent` while the subject is on a movement (phones on HTTP never say they
 * are offline, so a missed report is the only sign), and `stale` otherwise. A fix time ahead of
 * `now` (a device clock running fast) counts as live.
 */
export function statusOf(
  entry: LiveEntry,
  expectedIntervalMs: number,
  now: Date,
  inMovement: boolean,
): LiveStatus {
  if (now.getTime() - entry.fix.fixAt.getTime() <= expectedIntervalMs) return 'live';
  return inMovement ? 'silent' : 'stale';
}

/**
 * Whether `next` should replace `current` as the subject's position: a later fix time wins; at the
 * same fix time the greater device id does, so the outcome never depends on arrival order. The same
 * fix resent (same device, same time) changes nothing.
 */
export function isNewer(next: LiveEntry, current: LiveEntry): boolean {
  const dt = next.fix.fixAt.getTime() - current.fix.fixAt.getTime();
  if (dt !== 0) return dt > 0;
  return next.deviceId > current.deviceId;
}

const cellsPerDegree = 20;
const columns = 360 * cellsPerDegree;
const rows = 180 * cellsPerDegree + 1;
/** Metres per degree of latitude on haversineKm's sphere (6,371 km). */
const metresPerDegree = (6_371_000 * Math.PI) / 180;
/**
 * Search bounds are widened by this share: the grid only picks candidates, every candidate is then
 * measured exactly, so a wider bound costs a little time and a narrower one would lose a subject.
 */
const margin = 1.01;
const rad = Math.PI / 180;

const rowOf = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) * cellsPerDegree)));
const columnOf = (lon: number) => ((Math.floor((lon + 180) * cellsPerDegree) % columns) + columns) % columns;

/** A rectangle of cells: rows inclusive, columns inclusive and possibly wrapping past 180°. */
interface CellRange {
  rowFrom: number;
  rowTo: number;
  /** The first column and how many from it (all `columns` when the range goes round). */
  columnFrom: number;
  columnCount: number;
}

/** The cells covering latitudes and longitudes (longitudes may run past ±180: they wrap). */
function rangeOf(latMin: number, latMax: number, lonMin: number, lonMax: number): CellRange {
  const rowFrom = rowOf(latMin);
  const rowTo = rowOf(latMax);
  if (!(lonMax - lonMin < 360)) return { rowFrom, rowTo, columnFrom: 0, columnCount: columns };
  const first = Math.floor((lonMin + 180) * cellsPerDegree);
  const last = Math.floor((lonMax + 180) * cellsPerDegree);
  return {
    rowFrom,
    rowTo,
    columnFrom: ((first % columns) + columns) % columns,
    columnCount: Math.min(columns, last - first + 1),
  };
}

function assertPoint(point: LatLon, what: string): void {
  if (!(point.lat >= -90 && point.lat <= 90 && point.lon >= -180 && point.lon <= 180))
    throw new RangeError(`${what}: latitude ${point.lat}, longitude ${point.lon} is not a WGS 84 position`);
}

/**
 * How far in latitude and longitude (degrees, widened by the margin) a great-circle cap of
 * `radiusM` around `point` reaches: sin Δλ = sin δ / cos φ, all the way round near a pole.
 */
function capBounds(point: LatLon, radiusM: number): { dLat: number; dLon: number } {
  const delta = radiusM / metresPerDegree;
  const dLat = delta * margin;
  const sinCap = Math.sin(delta * rad) / Math.cos(point.lat * rad);
  const dLon = Math.abs(point.lat) + dLat >= 90 || !(sinCap < 1) ? 180 : (Math.asin(sinCap) / rad) * margin;
  return { dLat, dLon };
}

/** An entry where it is filed: its cell, and its place in that cell's list (for O(1) removal). */
interface Slot {
  entry: LiveEntry;
  /** The subject's key, kept to order results without building it again. */
  key: string;
  cell: number;
  at: number;
}

/**
 * One grid cell's fixes. Their positions are packed side by side (latitude, longitude, cosine of
 * latitude: three numbers a fix, in the slots' order), so a query sweeps a few contiguous arrays
 * instead of chasing one object a subject across the heap, and touches an entry only for a hit.
 */
class Cell {
  coords = new Float64Array(3 * 4);
  readonly slots: Slot[] = [];

  add(slot: Slot): void {
    slot.at = this.slots.length;
    this.slots.push(slot);
    if (this.coords.length < 3 * this.slots.length) {
      const grown = new Float64Array(this.coords.length * 2);
      grown.set(this.coords);
      this.coords = grown;
    }
    this.place(slot);
  }

  /** Writes the slot's position at its place (after it moved within the cell). */
  place({ at, entry }: Slot): void {
    this.coords[3 * at] = entry.fix.lat;
    this.coords[3 * at + 1] = entry.fix.lon;
    this.coords[3 * at + 2] = Math.cos(entry.fix.lat * rad);
  }

  /** Takes a slot out by moving the last one into its place. */
  remove(slot: Slot): void {
    const last = this.slots.pop()!;
    if (last === slot) return;
    this.slots[slot.at] = last;
    last.at = slot.at;
    this.coords.copyWithin(3 * slot.at, 3 * this.slots.length, 3 * this.slots.length + 3);
  }
}

/** The latest fix of every person and unit, in a uniform grid. */
export class LiveIndex implements Iterable<LiveEntry> {
  readonly #bySubject = new Map<string, Slot>();
  readonly #cells = new Map<number, Cell>();

  /** How many subjects have a position. */
  get size(): number {
    return this.#bySubject.size;
  }

  /** The subject's latest fix, if any. */
  get(subject: Subject): LiveEntry | undefined {
    return this.#bySubject.get(subjectKey(subject))?.entry;
  }

  /**
   * Files a fix as its subject's position unless the subject already has a newer one (`isNewer`):
   * late and resent fixes, in any order, leave the latest in place. Returns whether the entry
   * became the subject's current one. Throws a RangeError for a position off the globe.
   */
  upsert(entry: LiveEntry): boolean {
    assertPoint(entry.fix, 'upsert');
    const key = subjectKey(entry.subject);
    const slot = this.#bySubject.get(key);
    const cell = rowOf(entry.fix.lat) * columns + columnOf(entry.fix.lon);
    if (!slot) {
      const filed: Slot = { entry, key, cell, at: 0 };
      this.#file(filed);
      this.#bySubject.set(key, filed);
      return true;
    }
    if (!isNewer(entry, slot.entry)) return false;
    slot.entry = entry;
    if (slot.cell === cell) this.#cells.get(cell)!.place(slot);
    else {
      this.#unfile(slot);
      slot.cell = cell;
      this.#file(slot);
    }
    return true;
  }

  /** Forgets a subject's position; returns whether it had one. */
  remove(subject: Subject): boolean {
    const key = subjectKey(subject);
    const slot = this.#bySubject.get(key);
    if (!slot) return false;
    this.#unfile(slot);
    this.#bySubject.delete(key);
    return true;
  }

  /** Every entry, in no particular order. */
  *entries(): IterableIterator<LiveEntry> {
    for (const slot of this.#bySubject.values()) yield slot.entry;
  }

  [Symbol.iterator](): IterableIterator<LiveEntry> {
    return this.entries();
  }

  /** Everyone within `radiusM` metres (great circle) of `point`, nearest first. */
  within(point: LatLon, radiusM: number): LiveHit[] {
    assertPoint(point, 'within');
    if (!(radiusM >= 0)) return [];
    const { dLat, dLon } = capBounds(point, radiusM);
    const { lat, lon } = point;
    const cos = Math.cos(lat * rad);
    // haversineKm's formula inlined with each fix's cosine read once: the same operations in the
    // same order, so the same distances to the last bit (the tests compare). A candidate whose
    // haversine term exceeds the radius's (widened for rounding) is out without the arcsine.
    const hMax = Math.sin(radiusM / 2 / 6_371_000) ** 2 * (1 + 1e-9);
    const hits: LiveHit[] = [];
    for (const { coords, slots } of this.#cellsIn(rangeOf(lat - dLat, lat + dLat, lon - dLon, lon + dLon)))
      for (let i = 0, k = 0; i < slots.length; i++, k += 3) {
        // The distance is at least the difference in latitude, and the longitude is within the cap's.
        const fixLat = coords[k]!;
        if (Math.abs(fixLat - lat) > dLat) continue;
        const fixLon = coords[k + 1]!;
        const apart = Math.abs(fixLon - lon);
        if ((apart > 180 ? 360 - apart : apart) > dLon) continue;
        const sLat = Math.sin(((fixLat - lat) * rad) / 2);
        const sLon = Math.sin(((fixLon - lon) * rad) / 2);
        const h = sLat * sLat + cos * coords[k + 2]! * (sLon * sLon);
        if (h > hMax) continue;
        const distanceM = 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h))) * 1000;
        if (distanceM <= radiusM) hits.push({ entry: slots[i]!.entry, distanceM });
      }
    return sortByDistance(hits, radiusM);
  }

  /**
   * Everyone inside a polygon's ring (points, in order; closed or not), by `isInside` (ray casting
   * in the longitude–latitude plane, as zones are read), ordered by subject key.
   */
  inPolygon(ring: readonly LatLon[]): LiveEntry[] {
    if (ring.length < 3) return [];
    for (const point of ring) assertPoint(point, 'inPolygon');
    const coordinates = ring.map((p): [number, number] => [p.lon, p.lat]);
    const first = coordinates[0]!;
    const last = coordinates.at(-1)!;
    if (first[0] !== last[0] || first[1] !== last[1]) coordinates.push([first[0], first[1]]);
    const polygon: Polygon = { type: 'Polygon', coordinates: [coordinates] };
    const lats = ring.map((p) => p.lat);
    const lons = ring.map((p) => p.lon);
    const [latMin, latMax] = [Math.min(...lats), Math.max(...lats)];
    const [lonMin, lonMax] = [Math.min(...lons), Math.max(...lons)];
    const found: Slot[] = [];
    for (const { coords, slots } of this.#cellsIn(rangeOf(latMin, latMax, lonMin, lonMax)))
      for (let i = 0, k = 0; i < slots.length; i++, k += 3) {
        const lat = coords[k]!;
        const lon = coords[k + 1]!;
        if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) continue;
        if (isInside({ lat, lon }, polygon)) found.push(slots[i]!);
      }
    return found.sort((a, b) => compareKeys(a.key, b.key)).map((slot) => slot.entry);
  }

  /**
   * Everyone within `widthM` metres of a route line (a movement's corridor: `corridorMeters` each
   * side, measured as the movement rules measure a checkpoint's), nearest the line first.
   */
  alongCorridor(line: readonly LatLon[], widthM: number): LiveHit[] {
    if (line.length === 0 || !(widthM >= 0)) return [];
    for (const point of line) assertPoint(point, 'alongCorridor');
    // Each filled cell the corridor reaches, with the legs that reach it: a fix is measured against
    // those legs only, among which is the leg nearest it whenever it lies within the width.
    const legsOf = new Map<number, number[]>();
    const addRange = (range: CellRange, leg: number) => {
      for (let row = range.rowFrom; row <= range.rowTo; row++)
        for (let c = 0; c < range.columnCount; c++) {
          const key = row * columns + ((range.columnFrom + c) % columns);
          if (!this.#cells.has(key)) continue;
          let legs = legsOf.get(key);
          if (!legs) legsOf.set(key, (legs = []));
          if (legs.at(-1) !== leg) legs.push(leg);
        }
    };
    const dLat = (widthM / metresPerDegree) * margin;
    if (line.length === 1) {
      // One waypoint: the movement rules measure a great circle from it.
      const [point] = line;
      const cap = capBounds(point!, widthM);
      addRange(
        rangeOf(point!.lat - cap.dLat, point!.lat + cap.dLat, point!.lon - cap.dLon, point!.lon + cap.dLon),
        -1,
      );
    }
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      // Cut the leg into pieces no longer than a cell: a point within the width of the leg is
      // within it, in each direction, of some piece's box.
      const pieces = Math.max(
        1,
        Math.ceil(Math.max(Math.abs(b.lat - a.lat), Math.abs(b.lon - a.lon)) * cellsPerDegree),
      );
      for (let k = 0; k < pieces; k++) {
        const [pLat, qLat] = [
          a.lat + ((b.lat - a.lat) * k) / pieces,
          a.lat + ((b.lat - a.lat) * (k + 1)) / pieces,
        ];
        const [pLon, qLon] = [
          a.lon + ((b.lon - a.lon) * k) / pieces,
          a.lon + ((b.lon - a.lon) * (k + 1)) / pieces,
        ];
        const latMin = Math.min(pLat, qLat) - dLat;
        const latMax = Math.max(pLat, qLat) + dLat;
        // The rules scale east–west by the cosine of the fix's latitude, least at the box's edge.
        const cos = Math.cos(Math.min(90, Math.max(Math.abs(latMin), Math.abs(latMax))) * rad);
        const dLon = cos * 180 <= dLat ? 180 : dLat / cos;
        addRange(rangeOf(latMin, latMax, Math.min(pLon, qLon) - dLon, Math.max(pLon, qLon) + dLon), i - 1);
      }
    }
    const hits: LiveHit[] = [];
    for (const [key, legs] of legsOf)
      for (const { entry } of this.#cells.get(key)!.slots) {
        let distanceM = Infinity;
        if (line.length === 1) distanceM = metresFromRoute(entry.fix, line);
        else
          for (const leg of legs)
            distanceM = Math.min(distanceM, metresToSegment(entry.fix, line[leg]!, line[leg + 1]!));
        if (distanceM <= widthM) hits.push({ entry, distanceM });
      }
    return sortByDistance(hits, widthM);
  }

  /** The filled cells of a range, read cell by cell or, when the range is larger, from the filled ones. */
  #cellsIn(range: CellRange): Cell[] {
    const out: Cell[] = [];
    const area = (range.rowTo - range.rowFrom + 1) * range.columnCount;
    if (area > this.#cells.size) {
      for (const [key, cell] of this.#cells) {
        const row = Math.floor(key / columns);
        const offset = (key - row * columns - range.columnFrom + columns) % columns;
        if (row >= range.rowFrom && row <= range.rowTo && offset < range.columnCount) out.push(cell);
      }
      return out;
    }
    for (let row = range.rowFrom; row <= range.rowTo; row++) {
      const base = row * columns;
      for (let c = 0; c < range.columnCount; c++) {
        const cell = this.#cells.get(base + ((range.columnFrom + c) % columns));
        if (cell) out.push(cell);
      }
    }
    return out;
  }

  #file(slot: Slot): void {
    let cell = this.#cells.get(slot.cell);
    if (!cell) this.#cells.set(slot.cell, (cell = new Cell()));
    cell.add(slot);
  }

  #unfile(slot: Slot): void {
    const cell = this.#cells.get(slot.cell)!;
    cell.remove(slot);
    if (cell.slots.length === 0) this.#cells.delete(slot.cell);
  }
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Nearest first; equal distances by subject key, so results do not depend on insertion order. */
function byDistance(a: LiveHit, b: LiveHit): number {
  return a.distanceM - b.distanceM || compareKeys(subjectKey(a.entry.subject), subjectKey(b.entry.subject));
}

/**
 * Hits in `byDistance` order, every distance being at most `maxM`. A comparator sort (and even
 * V8's native sort of a Float64Array) costs more than the search before it, so the hits are
 * counted into as many buckets as there are hits by distance, then each bucket (about one hit) is
 * put in order by the comparator.
 */
function sortByDistance(hits: LiveHit[], maxM: number): LiveHit[] {
  const n = hits.length;
  if (n < 2) return hits;
  const scale = maxM > 0 ? n / maxM : 0;
  const bucketOf = new Int32Array(n);
  const starts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const bucket = Math.min(n - 1, Math.floor(hits[i]!.distanceM * scale));
    bucketOf[i] = bucket;
    starts[bucket + 1]!++;
  }
  for (let b = 0; b < n; b++) starts[b + 1]! += starts[b]!;
  const next = starts.slice(0, n);
  const out = new Array<LiveHit>(n);
  for (let i = 0; i < n; i++) out[next[bucketOf[i]!]!++] = hits[i]!;
  for (let b = 0; b < n; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (to - from < 2) continue;
    if (to - from > 8) {
      const run = out.slice(from, to).sort(byDistance);
      for (let k = from; k < to; k++) out[k] = run[k - from]!;
      continue;
    }
    for (let k = from + 1; k < to; k++) {
      const hit = out[k]!;
      let j = k - 1;
      for (; j >= from && byDistance(out[j]!, hit) > 0; j--) out[j + 1] = out[j]!;
      out[j + 1] = hit;
    }
  }
  return out;
}
