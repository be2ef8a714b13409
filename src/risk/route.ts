import { gridDisk } from 'h3-js';
import { runToEnd } from '../platform/slices.js';
import { type CellSpan, cellsAlong, type LatLon, normalLon, segmentEnd } from './cell-walk.js';
import { type CellFrame, cellFrame, corridorRings, corridorStretch } from './corridor.js';
import { haversineKm } from './risk.js';
import type { ZonePiece } from './zone-index.js';

/**
 * A route's risk, pure: walked cell by cell (H3), so that the work grows with the cells a route
 * crosses, not with kilometres or steps; bounded by what a road movement needs.
 */

export interface RouteLimits {
  /** Waypoints of one route: a road drawn point by point has a few hundred. */
  maxWaypoints: number;
  /** Kilometres of one route: Gwadar to the Khunjerab Pass by road is about 3,000 km. */
  maxKm: number;
}

export const defaultRouteLimits: RouteLimits = { maxWaypoints: 1000, maxKm: 4000 };

/** The route's length in kilometres, waypoint to waypoint along great circles. */
export function routeKm(waypoints: readonly LatLon[]): number {
  let km = 0;
  for (let i = 1; i < waypoints.length; i++) km += haversineKm(waypoints[i - 1]!, waypoints[i]!);
  return km;
}

/** What is over the limits in a route, or null. */
export function routeProblem(
  waypoints: readonly LatLon[],
  limits: RouteLimits = defaultRouteLimits,
): { message: string; limit: number; value: number } | null {
  if (waypoints.length > limits.maxWaypoints)
    return {
      message: `A route has at most ${limits.maxWaypoints} waypoints, not ${waypoints.length}`,
      limit: limits.maxWaypoints,
      value: waypoints.length,
    };
  const km = routeKm(waypoints);
  if (km > limits.maxKm)
    return {
      message: `A route is at most ${limits.maxKm.toLocaleString('en')} km long; this one is ${Math.round(km).toLocaleString('en')} km`,
      limit: limits.maxKm,
      value: Math.round(km),
    };
  return null;
}

/** A stretch of a route at one level: where it runs, waypoint by cell boundary, and how long it is. */
export interface RouteSegment {
  level: number;
  km: number;
  points: LatLon[];
}

export interface RouteAssessment {
  maxLevel: number;
  km: number;
  kmByLevel: Record<number, number>;
  /** The route cut where its level changes, in order. */
  segments: RouteSegment[];
}

/** The point at `t` (0 to 1) of the segment a → b, rounded to about 10 cm. */
function pointAlong(a: LatLon, b: LatLon, t: number): LatLon {
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return { lat: round(a.lat + (b.lat - a.lat) * t), lon: round(normalLon(a.lon + (b.lon - a.lon) * t)) };
}

/** What the walk asks of the zones, per cell. */
export interface ZoneLookup {
  resolution: number;
  /** The stretch `from`–`to` of a → b in `cell`, cut by the zones over it (see ZoneIndex.along). */
  zonesAlong(cell: string, a: LatLon, b: LatLon, from: number, to: number): ZonePiece[];
}

/** What the walk asks of the risk picture, per cell. */
export interface RiskLookup extends ZoneLookup {
  /** The grid's level of a cell. */
  computedLevel(cell: string): number;
}

/**
 * A stretch of a route that reads one set of cells: its level is the zone's over it where one is,
 * else the highest grid level of its cells. Kept, a route's level is recomputed from the cells'
 * levels without walking it again (a movement's re-assessment after an incident).
 */
export interface RoutePiece {
  /** The legs (waypoint to waypoint) it begins and ends on. */
  firstLeg: number;
  lastLeg: number;
  /** Where it runs: its start, the waypoints it passes, its end. */
  points: LatLon[];
  km: number;
  /** The cell the line runs in, then the cells whose corridor reaches the stretch. */
  cells: string[];
  /** The level of the highest zone over the stretch, which sets its level; null where none is. */
  zoneLevel: number | null;
}

const sameCells = (p: readonly string[], q: readonly string[]) =>
  p.length === q.length && p.every((cell, i) => cell === q[i]);

/** A route walked once: its length and its pieces, in order. */
export interface RouteWalk {
  km: number;
  pieces: RoutePiece[];
}

/** Legs walked between two pauses of `assessRouteSteps`. */
const sliceLegs = 8;

/** The stretches of `span` (within from–to) that each nearby cell's corridor reaches. */
function reachesOf(
  span: CellSpan,
  near: (cell: string) => [number, number] | null,
  rings: number,
): { cell: string; from: number; to: number }[] {
  const out: { cell: string; from: number; to: number }[] = [];
  for (const cell of gridDisk(span.cell, rings)) {
    if (cell === span.cell) continue;
    const stretch = near(cell);
    if (!stretch) continue;
    const from = Math.max(stretch[0], span.from);
    const to = Math.min(stretch[1], span.to);
    if (from < to || (from === to && span.from === span.to)) out.push({ cell, from, to });
  }
  return out;
}

/**
 * The route cut into pieces where the cells it reads change: the cell the line runs in, the
 * zones over the line, and, with a corridor of `corridorKm` either side, the nearby cells within
 * it (zones count where the line runs through them: an analyst draws a zone over the roads it
 * means). Pausing (yielding) every few legs.
 */
export function* routePiecesSteps(
  waypoints: readonly LatLon[],
  lookup: ZoneLookup,
  corridorKm = 0,
): Generator<void, RouteWalk> {
  const pieces: RoutePiece[] = [];
  const rings = corridorRings(corridorKm, lookup.resolution);
  // Each nearby cell's boundary, projected once for the whole walk.
  const frames = new Map<string, CellFrame>();
  let total = 0;
  // One waypoint is a route of no length, rated at its point.
  const legs =
    waypoints.length === 1
      ? [[waypoints[0]!, waypoints[0]!]]
      : waypoints.slice(1).map((b, i) => [waypoints[i]!, b]);
  for (const [index, [a, bIn]] of legs.entries()) {
    if (index % sliceLegs === sliceLegs - 1) yield;
    const b = segmentEnd(a!, bIn!);
    const length = haversineKm(a!, b);
    total += length;
    // A nearby cell's stretch of this leg, computed once for the leg's spans that neighbour it.
    const stretches = new Map<string, [number, number] | null>();
    const near = (cell: string) => {
      if (!stretches.has(cell)) {
        let frame = frames.get(cell);
        if (!frame) frames.set(cell, (frame = cellFrame(cell)));
        stretches.set(cell, corridorStretch(a!, b, frame, corridorKm));
      }
      return stretches.get(cell)!;
    };
    for (const span of cellsAlong(a!, b, lookup.resolution)) {
      const reaches = rings === 0 ? [] : reachesOf(span, near, rings);
      for (const piece of lookup.zonesAlong(span.cell, a!, b, span.from, span.to)) {
        if (piece.to === piece.from && length > 0) continue;
        const inside = (t: number) => t > piece.from && t < piece.to;
        const cuts = [
          ...new Set([piece.from, piece.to, ...reaches.flatMap((r) => [r.from, r.to]).filter(inside)]),
        ].sort((p, q) => p - q);
        if (cuts.length === 1) cuts.push(cuts[0]!);
        for (let k = 0; k < cuts.length - 1; k++) {
          const lo = cuts[k]!;
          const hi = cuts[k + 1]!;
          const cells = [span.cell, ...reaches.filter((r) => r.from <= lo && hi <= r.to).map((r) => r.cell)];
          const from = pointAlong(a!, b, lo);
          const to = pointAlong(a!, b, hi);
          const km = length * (hi - lo);
          // Joined to the stretch before when it reads the same: along one leg a point only moves the end.
          const last = pieces.at(-1);
          if (last && last.zoneLevel === piece.level && sameCells(last.cells, cells)) {
            last.km += km;
            if (last.lastLeg === index) last.points[last.points.length - 1] = to;
            else last.points.push(to);
            last.lastLeg = index;
          } else
            pieces.push({
              firstLeg: index,
              lastLeg: index,
              points: [from, to],
              km,
              cells,
              zoneLevel: piece.level,
            });
        }
      }
    }
  }
  return { km: total, pieces };
}

/**
 * The route's level is its worst stretch (a zone over a stretch sets its level, else the highest
 * grid level of its cells), with the kilometres spent at each level, and the route cut where its
 * level changes. Pure and quick: no walk, one level per cell.
 */
export function assessPieces(walk: RouteWalk, computedLevel: (cell: string) => number): RouteAssessment {
  return assessPieceLevels(walk, (piece) => {
    let level = 0;
    for (const cell of piece.cells) level = Math.max(level, computedLevel(cell));
    return level;
  });
}

/**
 * `assessPieces` with the grid level of each piece given by its position in the walk (the
 * re-assessment index reads a corridor's cells once, then each piece's by number). Pure.
 */
export function assessPieceLevels(
  walk: RouteWalk,
  gridLevel: (piece: RouteWalk['pieces'][number], index: number) => number,
): RouteAssessment {
  const kmByLevel: Record<number, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 };
  let maxLevel = 1;
  const segments: RouteSegment[] = [];
  // The leg the last segment's last point lies on: along one leg a point only moves the end.
  let lastLeg = -1;
  let last: RouteSegment | undefined;
  for (let index = 0; index < walk.pieces.length; index++) {
    const piece = walk.pieces[index]!;
    const level = piece.zoneLevel ?? gridLevel(piece, index);
    kmByLevel[level] = (kmByLevel[level] ?? 0) + piece.km;
    if (level > maxLevel) maxLevel = level;
    if (last?.level === level) {
      last.km += piece.km;
      if (lastLeg === piece.firstLeg) last.points[last.points.length - 1] = piece.points[1]!;
      else last.points.push(piece.points[1]!);
      for (let k = 2; k < piece.points.length; k++) last.points.push(piece.points[k]!);
    } else {
      last = { level, km: piece.km, points: piece.points.slice() };
      segments.push(last);
    }
    lastLeg = piece.lastLeg;
  }
  for (const level of Object.keys(kmByLevel))
    kmByLevel[Number(level)] = Math.round(kmByLevel[Number(level)]! * 10) / 10;
  for (const segment of segments) segment.km = Math.round(segment.km * 10) / 10;
  return { maxLevel, km: Math.round(walk.km * 10) / 10, kmByLevel, segments };
}

/**
 * The route's level is its worst stretch, with the kilometres spent at each level (and, with a
 * corridor, the cells within it counted); pausing (yielding) every few legs.
 */
export function* assessRouteSteps(
  waypoints: readonly LatLon[],
  lookup: RiskLookup,
  corridorKm = 0,
): Generator<void, RouteAssessment> {
  const walk = yield* routePiecesSteps(waypoints, lookup, corridorKm);
  return assessPieces(walk, (cell) => lookup.computedLevel(cell));
}

/** The route's assessment, computed in one go. */
export function assessRoute(
  waypoints: readonly LatLon[],
  lookup: RiskLookup,
  corridorKm = 0,
): RouteAssessment {
  return runToEnd(assessRouteSteps(waypoints, lookup, corridorKm));
}
