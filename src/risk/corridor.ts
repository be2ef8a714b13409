import { cellToBoundary, cellToLatLng, getHexagonEdgeLengthAvg } from 'h3-js';
import { type LatLon, nearLon } from './cell-walk.js';

/**
 * A movement's corridor: the band within `km` of its route line. A stretch of the route is as
 * risky as the worst grid cell within its corridor, not only the cell the line runs through: a
 * road that runs 500 m from a level-5 cell's edge is in that cell's reach. Pure.
 *
 * Distances are read in a local plane around each cell (east–west kilometres scaled by the cosine
 * of the cell's latitude): over the tens of kilometres of a corridor that plane is exact to well
 * under a percent, and a straight segment in longitude–latitude (as the walk reads one) stays
 * straight in it, so the parameters along a leg are the walk's own.
 */

const rad = Math.PI / 180;

/**
 * How many rings of neighbours around a cell can lie within `km` of a point inside it. A cell at
 * ring k + 1 is at least k cell widths (√3 × edge) away; half the average width allows for H3's
 * smaller cells (pentagons and the distorted ones), so no reachable cell is missed.
 */
export function corridorRings(km: number, resolution: number): number {
  if (km <= 0) return 0;
  const width = Math.sqrt(3) * getHexagonEdgeLengthAvg(resolution, 'km') * 0.5;
  return Math.floor(km / width) + 1;
}

/** A cell's boundary in a local plane around its centre (kilometres), read once per walk. */
export interface CellFrame {
  lat: number;
  lon: number;
  kx: number;
  ky: number;
  ring: [number, number][];
  /** 1 when the ring runs anticlockwise in the plane, else -1: outward normals lie to its right. */
  sense: number;
}

export function cellFrame(cell: string): CellFrame {
  const [lat, lon] = cellToLatLng(cell);
  const kx = 111.32 * Math.cos(lat * rad);
  const ky = 110.57;
  const ring = cellToBoundary(cell).map(
    ([vLat, vLon]) => [(nearLon(vLon!, lon) - lon) * kx, (vLat! - lat) * ky] as [number, number],
  );
  let area = 0;
  for (let i = 0; i < ring.length; i++) {
    const [px, py] = ring[i]!;
    const [qx, qy] = ring[(i + 1) % ring.length]!;
    area += px * qy - qx * py;
  }
  return { lat, lon, kx, ky, ring, sense: area > 0 ? 1 : -1 };
}

/**
 * The stretch of the segment a → b (parameters 0 to 1) within `km` of a cell, or null where none
 * is. The cell's boundary pushed out by `km` edge by edge (mitred at its corners, so up to 15%
 * wider there than a rounded band) clips the segment: one half-plane per edge, a few operations.
 */
export function corridorStretch(
  a: LatLon,
  b: LatLon,
  cell: string | CellFrame,
  km: number,
): [number, number] | null {
  const { lat, lon, kx, ky, ring, sense } = typeof cell === 'string' ? cellFrame(cell) : cell;
  // The segment moved by whole turns next to the cell, b by the same amount as a (b is a's end).
  const shift = nearLon(a.lon, lon) - a.lon;
  const ax = (a.lon + shift - lon) * kx;
  const ay = (a.lat - lat) * ky;
  const dx = (b.lon + shift - lon) * kx - ax;
  const dy = (b.lat - lat) * ky - ay;
  let t0 = 0;
  let t1 = 1;
  for (let i = 0; i < ring.length; i++) {
    const [px, py] = ring[i]!;
    const [qx, qy] = ring[(i + 1) % ring.length]!;
    const ex = qx - px;
    const ey = qy - py;
    const length = Math.hypot(ex, ey);
    if (length === 0) continue;
    const nx = (sense * ey) / length;
    const ny = (-sense * ex) / length;
    // The points where n · (a + t·d − p) ≤ km.
    const slack = km - (nx * (ax - px) + ny * (ay - py));
    const rate = nx * dx + ny * dy;
    if (rate === 0) {
      if (slack < 0) return null;
      continue;
    }
    const t = slack / rate;
    if (rate > 0) t1 = Math.min(t1, t);
    else t0 = Math.max(t0, t);
    if (t0 > t1) return null;
  }
  return [t0, t1];
}
