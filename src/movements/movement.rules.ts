import { validationFailed } from '../platform/errors.js';
import { haversineKm } from '../risk/risk.js';
import type { CheckpointInput, RouteInput } from './movement.js';

/**
 * The rules across a request's fields, pure: its times in order, its checkpoints on the corridor,
 * its route from origin to destination. They run on create and on every change (the change merged
 * with the stored request first); each refusal names the field's path.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** A request with its ends resolved to points (a site's own position for a site). */
export interface PlannedMovement {
  origin: LatLon;
  destination: LatLon;
  route: RouteInput;
  corridorMeters: number;
  plannedDeparture: string;
  plannedArrival: string;
  checkpoints: readonly CheckpointInput[];
}

/**
 * How far the route's first and last waypoints may be from the origin and destination: the
 * corridor, but at least 2 km, since a site's registered point is its centre, not its gate.
 */
export const endToleranceMinMeters = 2_000;

/** The route's waypoints as points. */
export function waypointsOf(route: RouteInput): LatLon[] {
  return route.coordinates.map(([lon, lat]) => ({ lat, lon }));
}

/**
 * The distance in metres from `p` to the segment a–b. Corridors are at most 20 km wide, so the
 * plane tangent at `p` (equirectangular) is exact enough; longitudes are taken across the
 * antimeridian the short way.
 */
export function metresToSegment(p: LatLon, a: LatLon, b: LatLon): number {
  const metresPerDegree = 111_195;
  const cos = Math.cos((p.lat * Math.PI) / 180);
  const dLon = (lon: number) => ((((lon - p.lon + 540) % 360) + 360) % 360) - 180;
  const ax = dLon(a.lon) * cos * metresPerDegree;
  const ay = (a.lat - p.lat) * metresPerDegree;
  const bx = dLon(b.lon) * cos * metresPerDegree;
  const by = (b.lat - p.lat) * metresPerDegree;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** The distance in metres from `p` to the nearest point of the route line. */
export function metresFromRoute(p: LatLon, waypoints: readonly LatLon[]): number {
  let best = Infinity;
  for (let i = 1; i < waypoints.length; i++)
    best = Math.min(best, metresToSegment(p, waypoints[i - 1]!, waypoints[i]!));
  return waypoints.length === 1 ? haversineKm(p, waypoints[0]!) * 1000 : best;
}

const km = (metres: number) => `${(metres / 1000).toFixed(1)} km`;

/** Throws `validation_failed` naming the first field that breaks a rule across fields. */
export function assertPlanned(movement: PlannedMovement): void {
  const { route, corridorMeters, checkpoints } = movement;
  const departure = Date.parse(movement.plannedDeparture);
  const arrival = Date.parse(movement.plannedArrival);
  if (arrival <= departure)
    throw validationFailed('plannedArrival', 'plannedArrival: the arrival must be after the departure');
  const waypoints = waypointsOf(route);
  const tolerance = Math.max(corridorMeters, endToleranceMinMeters);
  const ends = [
    ['origin', movement.origin, waypoints[0]!, 'starts'],
    ['destination', movement.destination, waypoints.at(-1)!, 'ends'],
  ] as const;
  for (const [field, place, end, verb] of ends) {
    const off = haversineKm(place, end) * 1000;
    if (off > tolerance)
      throw validationFailed(
        'route',
        `route: the route ${verb} ${km(off)} from the ${field}; at most ${km(tolerance)} (the corridor, at least 2 km)`,
      );
  }
  let previous = departure;
  checkpoints.forEach((checkpoint, index) => {
    const at = Date.parse(checkpoint.plannedAt);
    const path = `checkpoints.${index}`;
    if (at < departure || at > arrival)
      throw validationFailed(
        `${path}.plannedAt`,
        `${path}.plannedAt: a checkpoint is planned between the departure and the arrival`,
      );
    if (at < previous)
      throw validationFailed(
        `${path}.plannedAt`,
        `${path}.plannedAt: checkpoints are planned in order, none before the one before it`,
      );
    previous = at;
    const off = metresFromRoute(checkpoint, waypoints);
    if (off > corridorMeters)
      throw validationFailed(
        path,
        `${path}: the checkpoint is ${km(off)} from the route, outside its corridor of ${km(corridorMeters)}`,
      );
  });
}
