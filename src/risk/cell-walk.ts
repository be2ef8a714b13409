import { cellToBoundary, getHexagonEdgeLengthAvg, latLngToCell } from 'h3-js';

/**
 * The H3 cells a straight segment crosses, found by leaving each cell through its boundary rather
 * than by stepping: the work is a few operations per cell crossed, whatever the segment's length.
 * A segment is straight in the longitude–latitude plane (as routes and zones are read here) and
 * takes the short way across the antimeridian. Pure.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** One cell of a segment: the parameters (0 at the start, 1 at the end) where it enters and leaves. */
export interface CellSpan {
  cell: string;
  from: number;
  to: number;
}

/** A longitude brought into [-180, 180). */
export function normalLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/** `lon` moved by whole turns to lie within 180° of `reference`. */
export function nearLon(lon: number, reference: number): number {
  return lon + 360 * Math.round((reference - lon) / 360);
}

/** The end of a segment starting at `a`, its longitude taken the short way round. */
export function segmentEnd(a: LatLon, b: LatLon): LatLon {
  return { lat: b.lat, lon: nearLon(b.lon, a.lon) };
}

const cross = (ax: number, ay: number, bx: number, by: number) => ax * by - ay * bx;

/**
 * Where the segment a → b, beyond parameter `after`, first meets the boundary of `cell`, or null.
 * Boundary vertices are unwrapped next to the segment so a cell on the antimeridian stays whole.
 */
function exitParameter(cell: string, a: LatLon, b: LatLon, after: number): number | null {
  const dx = b.lon - a.lon;
  const dy = b.lat - a.lat;
  const reference = a.lon + dx * after;
  const boundary = cellToBoundary(cell);
  let best: number | null = null;
  for (let i = 0; i < boundary.length; i++) {
    const [py, px0] = boundary[i]!;
    const [qy, qx0] = boundary[(i + 1) % boundary.length]!;
    const px = nearLon(px0!, reference);
    const qx = nearLon(qx0!, px);
    const ex = qx - px;
    const ey = qy! - py!;
    const denominator = cross(dx, dy, ex, ey);
    if (denominator === 0) continue;
    const wx = px - a.lon;
    const wy = py! - a.lat;
    const s = cross(wx, wy, ex, ey) / denominator;
    const u = cross(wx, wy, dx, dy) / denominator;
    if (u < -1e-12 || u > 1 + 1e-12 || s <= after) continue;
    if (best === null || s < best) best = s;
  }
  return best;
}

/** The cells the segment a → b crosses, in order, each with the stretch of the segment inside it. */
export function cellsAlong(a: LatLon, bIn: LatLon, resolution: number): CellSpan[] {
  const b = segmentEnd(a, bIn);
  const dx = b.lon - a.lon;
  const dy = b.lat - a.lat;
  const lengthDeg = Math.hypot(dx, dy);
  const cellAt = (t: number) => latLngToCell(a.lat + dy * t, normalLon(a.lon + dx * t), resolution);
  const first = cellAt(0);
  // Both ends in one cell: a cell is convex, so the whole segment is in it.
  if (lengthDeg === 0 || cellAt(1) === first) return [{ cell: first, from: 0, to: 1 }];

  // Past a boundary's chord, a nudge of about a metre, growing to about a hundred, finds the next
  // cell: at this scale a boundary's curve strays a few metres from its chord.
  const delta = Math.min(1e-3, 1e-5 / lengthDeg);
  const farthestNudge = 1e-3 / lengthDeg;
  const edgeDeg = getHexagonEdgeLengthAvg(resolution, 'km') / 111;
  // A quarter edge: the sampling step of the fallback below.
  const step = Math.max(delta * 10, edgeDeg / 4 / lengthDeg);
  const spans: CellSpan[] = [];
  let cell = first;
  let start = 0;
  let t = 0;

  /**
   * Where the boundary geometry disagrees with H3's own assignment (at the poles, or where a
   * boundary's curve strays from its chord), the next cell is found by sampling and bisection.
   */
  const sampleNext = (from: number): { at: number; next: string } | null => {
    let previous = from;
    for (let s = Math.min(1, from + step); ; s = Math.min(1, s + step)) {
      const found = cellAt(s);
      if (found !== cell) {
        let lo = previous;
        let hi = s;
        for (let k = 0; k < 50 && hi - lo > delta; k++) {
          const mid = (lo + hi) / 2;
          if (cellAt(mid) === cell) lo = mid;
          else hi = mid;
        }
        return { at: hi, next: cellAt(hi) };
      }
      if (s >= 1) return null;
      previous = s;
    }
  };

  const maxIterations = 100 + Math.ceil((20 * lengthDeg) / edgeDeg);
  for (let iteration = 0; ; iteration++) {
    const trusted = iteration < maxIterations;
    // Crossings just past the entry are the entry's own chord, a few metres off the curve.
    const exit = trusted ? exitParameter(cell, a, b, t === 0 ? 0 : t + 16 * delta) : null;
    let next: string | null = null;
    let nudge = delta;
    if (exit !== null && exit < 1) {
      next = cellAt(Math.min(1, exit + nudge));
      while (next === cell && nudge < farthestNudge && exit + nudge < 1) {
        nudge *= 4;
        next = cellAt(Math.min(1, exit + nudge));
      }
    }
    if (exit !== null && exit < 1 && next === cell) {
      // Still inside: a chord was crossed where its curve was not.
      t = exit + nudge;
      continue;
    }
    if (exit === null || exit >= 1) {
      if (trusted && cellAt(1) === cell) break;
    } else if (cellAt(Math.max(t, exit - farthestNudge)) === cell) {
      spans.push({ cell, from: start, to: exit });
      cell = next!;
      start = t = exit;
      continue;
    }
    // The geometry disagreed with H3's own assignment (near a pole, say): sample and bisect.
    const found = sampleNext(t);
    if (!found) break;
    spans.push({ cell, from: start, to: found.at });
    cell = found.next;
    start = t = found.at;
  }
  spans.push({ cell, from: start, to: 1 });
  return spans;
}
