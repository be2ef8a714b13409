import { runToEnd } from '../platform/slices.js';
import { cellsAlong, type LatLon, normalLon, segmentEnd } from './cell-walk.js';
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

/** What the walk asks of the risk picture, per cell. */
export interface RiskLookup {
  resolution: number;
  /** The grid's level of a cell. */
  computedLevel(cell: string): number;
  /** The stretch `from`–`to` of a → b in `cell`, cut by the zones over it (see ZoneIndex.along). */
  zonesAlong(cell: string, a: LatLon, b: LatLon, from: number, to: number): ZonePiece[];
}

/** Legs walked between two pauses of `assessRouteSteps`. */
const sliceLegs = 8;

/**
 * The route's level is its worst stretch (a zone over a stretch sets its level, else the grid
 * does), with the kilometres spent at each level; pausing (yielding) every few legs.
 */
export function* assessRouteSteps(
  waypoints: readonly LatLon[],
  lookup: RiskLookup,
): Generator<void, RouteAssessment> {
  const kmByLevel: Record<number, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 };
  let maxLevel = 1;
  let total = 0;
  const segments: RouteSegment[] = [];
  // The leg the last segment's last point lies on: along one leg a point only moves the end.
  let lastLeg = -1;
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
    for (const span of cellsAlong(a!, b, lookup.resolution)) {
      const computed = lookup.computedLevel(span.cell);
      for (const piece of lookup.zonesAlong(span.cell, a!, b, span.from, span.to)) {
        if (piece.to === piece.from && length > 0) continue;
        const level = piece.level ?? computed;
        const km = length * (piece.to - piece.from);
        kmByLevel[level] = (kmByLevel[level] ?? 0) + km;
        if (level > maxLevel) maxLevel = level;
        const last = segments.at(-1);
        const end = pointAlong(a!, b, piece.to);
        if (last?.level === level) {
          last.km += km;
          if (lastLeg === index) last.points[last.points.length - 1] = end;
          else last.points.push(end);
        } else segments.push({ level, km, points: [pointAlong(a!, b, piece.from), end] });
        lastLeg = index;
      }
    }
  }
  for (const level of Object.keys(kmByLevel))
    kmByLevel[Number(level)] = Math.round(kmByLevel[Number(level)]! * 10) / 10;
  for (const segment of segments) segment.km = Math.round(segment.km * 10) / 10;
  return { maxLevel, km: Math.round(total * 10) / 10, kmByLevel, segments };
}

/** The route's assessment, computed in one go. */
export function assessRoute(waypoints: readonly LatLon[], lookup: RiskLookup): RouteAssessment {
  return runToEnd(assessRouteSteps(waypoints, lookup));
}
