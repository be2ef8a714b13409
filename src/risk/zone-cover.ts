import { cellToLatLng, getHexagonAreaAvg, gridDisk } from 'h3-js';
import { runToEnd } from '../platform/slices.js';

import { cellsAlong, type LatLon, nearLon } from './cell-walk.js';
import { type Polygon, polygonAreaKm2 } from '../platform/geo.js';

/**
 * A zone's H3 coverage, computed once when the zone is recorded: the cells wholly inside it, and
 * for the cells its boundary runs through (and their neighbours) the few edges that pass there.
 * A point or a route stretch in a cell then needs only that cell's edges, however many vertices
 * the zone has: inside = (is the cell's centre inside) XOR (odd crossings from the centre to the
 * point). Pure.
 */

interface BoundaryCell {
  /** Edges as x1, y1, x2, y2 (longitude, latitude) in the zone's own longitudes. */
  edges: number[];
  centreX: number;
  centreY: number;
  centreInside: boolean;
}

export interface ZoneCover {
  /** The longitude the zone's coordinates are near: points are read next to it. */
  frameLon: number;
  whole: Set<string>;
  boundary: Map<string, BoundaryCell>;
  /** The cells the zone really reaches (whole cells and those its edges cross), for its grid level. */
  touched: string[];
}

/**
 * Whether (x, y) is inside the polygon's rings by the even–odd rule, with edges bucketed by
 * latitude band so one test reads only the edges of its band.
 */
class RingIndex {
  private readonly bands: number[][] = [];
  private readonly minY: number;
  private readonly bandHeight: number;

  constructor(private readonly edges: number[]) {
    let minY = Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < edges.length; i += 4) {
      minY = Math.min(minY, edges[i + 1]!, edges[i + 3]!);
      maxY = Math.max(maxY, edges[i + 1]!, edges[i + 3]!);
    }
    const count = Math.max(1, Math.min(1024, Math.ceil(edges.length / 16)));
    this.minY = minY;
    this.bandHeight = (maxY - minY) / count || 1;
    for (let b = 0; b < count; b++) this.bands.push([]);
    for (let i = 0; i < edges.length; i += 4) {
      const lo = this.bandOf(Math.min(edges[i + 1]!, edges[i + 3]!));
      const hi = this.bandOf(Math.max(edges[i + 1]!, edges[i + 3]!));
      for (let b = lo; b <= hi; b++) this.bands[b]!.push(i);
    }
  }

  private bandOf(y: number): number {
    return Math.max(0, Math.min(this.bands.length - 1, Math.floor((y - this.minY) / this.bandHeight)));
  }

  contains(x: number, y: number): boolean {
    if (y < this.minY || y > this.minY + this.bandHeight * this.bands.length) return false;
    let inside = false;
    for (const i of this.bands[this.bandOf(y)]!) {
      const ax = this.edges[i]!;
      const ay = this.edges[i + 1]!;
      const bx = this.edges[i + 2]!;
      const by = this.edges[i + 3]!;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
    return inside;
  }
}

/** The zone's edges, flat, zero-length ones left out. */
function edgesOf(polygon: Polygon): number[] {
  const edges: number[] = [];
  for (const ring of polygon.coordinates) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i]!;
      const [bx, by] = ring[i + 1]!;
      if (ax !== bx || ay !== by) edges.push(ax, ay, bx, by);
    }
  }
  return edges;
}

/** Cells handled between two pauses of `coverSteps`: a fraction of a millisecond of work, once warm. */
const sliceCells = 16;

/**
 * Computes a validated polygon's coverage at an H3 resolution, pausing (yielding) every slice so
 * that a caller can let other work run; `coverZone` runs it straight through.
 */
export function* coverSteps(polygon: Polygon, resolution: number): Generator<void, ZoneCover> {
  const edges = edgesOf(polygon);
  const frameLon = polygon.coordinates[0]![0]![0]!;
  const index = new RingIndex(edges);
  const boundary = new Map<string, BoundaryCell>();
  const touched = new Set<string>();
  // The edge last added to a cell: an edge is listed once per cell, or its crossings would count twice.
  const lastEdge = new Map<string, number>();
  // Successive edges run through the same cells: their neighbours are looked up once.
  const disks = new Map<string, string[]>();
  const diskOf = (cell: string) => {
    let disk = disks.get(cell);
    if (!disk) disks.set(cell, (disk = gridDisk(cell, 1)));
    return disk;
  };
  let work = 0;
  for (let i = 0; i < edges.length; i += 4) {
    const a = { lon: edges[i]!, lat: edges[i + 1]! };
    const b = { lon: edges[i + 2]!, lat: edges[i + 3]! };
    if (++work % sliceCells === 0) yield;
    for (const { cell } of cellsAlong(a, b, resolution)) {
      touched.add(cell);
      // Neighbours too: where H3's curved boundaries and these straight edges disagree by metres,
      // an edge crossing a cell is still listed there.
      for (const near of diskOf(cell)) {
        if (lastEdge.get(near) === i) continue;
        lastEdge.set(near, i);
        let entry = boundary.get(near);
        if (!entry) {
          const [lat, lng] = cellToLatLng(near);
          const x = nearLon(lng!, frameLon);
          entry = { edges: [], centreX: x, centreY: lat!, centreInside: index.contains(x, lat!) };
          boundary.set(near, entry);
        }
        entry.edges.push(edges[i]!, edges[i + 1]!, edges[i + 2]!, edges[i + 3]!);
      }
    }
  }
  // The cells inside, by flood fill from the boundary cells' neighbours: no edge runs through a
  // cell that is not a boundary cell, so such a cell and its non-boundary neighbours lie on one
  // side. (H3's own polygonToCells tests every candidate against every vertex: seconds here.)
  const whole = new Set<string>();
  const outside = new Set<string>();
  const centreOf = (cell: string) => {
    const [lat, lng] = cellToLatLng(cell);
    return { x: nearLon(lng!, frameLon), y: lat! };
  };
  // A guard against a runaway fill: the area bounds how many cells can be inside.
  const most = Math.ceil((polygonAreaKm2(polygon) / getHexagonAreaAvg(resolution, 'km2')) * 3) + 100;
  const queue: string[] = [];
  for (const [cell, entry] of boundary) {
    if (++work % sliceCells === 0) yield;
    for (const near of diskOf(cell)) {
      if (boundary.has(near) || whole.has(near) || outside.has(near)) continue;
      // The segment between the two centres crosses only edges listed in the boundary cell.
      const c = centreOf(near);
      const odd = crossings(entry.edges, entry.centreX, entry.centreY, c.x, c.y, 0, 1).length % 2 === 1;
      if (entry.centreInside !== odd) {
        whole.add(near);
        queue.push(near);
      } else outside.add(near);
    }
  }
  while (queue.length > 0) {
    if (++work % sliceCells === 0) yield;
    const cell = queue.pop()!;
    for (const near of gridDisk(cell, 1)) {
      if (boundary.has(near) || whole.has(near)) continue;
      whole.add(near);
      queue.push(near);
    }
    if (whole.size > most) throw new Error(`zone coverage ran past ${most} cells`);
  }
  for (const cell of whole) touched.add(cell);
  return { frameLon, whole, boundary, touched: [...touched] };
}

/** A validated polygon's coverage, computed in one go. */
export function coverZone(polygon: Polygon, resolution: number): ZoneCover {
  return runToEnd(coverSteps(polygon, resolution));
}

/**
 * The parameters s in (from, to) where the segment a → b crosses one of `edges`. An edge counts
 * when one end is strictly left of the segment's line and the other is not, so a vertex that the
 * line passes through is counted once and one it only grazes is counted twice (no change).
 */
function crossings(
  edges: number[],
  ax: number,
  ay: number,
  bx: number,
  by: number,
  from: number,
  to: number,
) {
  const dx = bx - ax;
  const dy = by - ay;
  const out: number[] = [];
  for (let i = 0; i < edges.length; i += 4) {
    const px = edges[i]!;
    const py = edges[i + 1]!;
    const qx = edges[i + 2]!;
    const qy = edges[i + 3]!;
    const sideP = dx * (py - ay) - dy * (px - ax) > 0;
    const sideQ = dx * (qy - ay) - dy * (qx - ax) > 0;
    if (sideP === sideQ) continue;
    const ex = qx - px;
    const ey = qy - py;
    const denominator = dx * ey - dy * ex;
    if (denominator === 0) continue;
    const s = ((px - ax) * ey - (py - ay) * ex) / denominator;
    if (s > from && s <= to) out.push(s);
  }
  return out;
}

/** Whether a point in a boundary cell is inside the zone. */
function insideBoundaryCell(entry: BoundaryCell, x: number, y: number): boolean {
  const odd = crossings(entry.edges, entry.centreX, entry.centreY, x, y, 0, 1).length % 2 === 1;
  return entry.centreInside !== odd;
}

/** Whether a point is inside the zone, reading only the cell it falls in. */
export function coverContains(cover: ZoneCover, cell: string, point: LatLon): boolean {
  if (cover.whole.has(cell)) return true;
  const entry = cover.boundary.get(cell);
  return entry ? insideBoundaryCell(entry, nearLon(point.lon, cover.frameLon), point.lat) : false;
}

/**
 * The stretches of the segment a → b, between parameters `from` and `to` and inside `cell`, that
 * lie inside the zone. `b` is the segment's end as the walk took it (longitude the short way).
 */
export function coverAlong(
  cover: ZoneCover,
  cell: string,
  a: LatLon,
  b: LatLon,
  from: number,
  to: number,
): { from: number; to: number }[] {
  if (cover.whole.has(cell)) return [{ from, to }];
  const entry = cover.boundary.get(cell);
  if (!entry) return [];
  const startLon = a.lon + (b.lon - a.lon) * from;
  const shift = nearLon(startLon, cover.frameLon) - startLon;
  const ax = a.lon + shift;
  const bx = b.lon + shift;
  let inside = insideBoundaryCell(entry, ax + (bx - ax) * from, a.lat + (b.lat - a.lat) * from);
  const events = crossings(entry.edges, ax, a.lat, bx, b.lat, from, to).sort((p, q) => p - q);
  const out: { from: number; to: number }[] = [];
  let at = from;
  for (const s of events) {
    if (inside && s > at) out.push({ from: at, to: s });
    inside = !inside;
    at = s;
  }
  if (inside && to > at) out.push({ from: at, to });
  // A segment of no length (a route of one point) is inside or not as its point is.
  if (inside && to === from && out.length === 0) out.push({ from, to });
  return out;
}
