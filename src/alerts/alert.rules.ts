import { isInside, type Polygon } from '../platform/geo.js';
import { metresFromRoute } from '../movements/movement.rules.js';
import type { LatLon } from '../risk/cell-walk.js';
import { haversineKm } from '../risk/risk.js';
import type { AffectedSubject } from './alert.js';

/**
 * The pure questions the rules ask of places and times: who an incident affects, whether a time
 * falls in the curfew. No I/O, no clock.
 */

export interface SitePlace {
  id: string;
  partyId: string;
  point: LatLon;
  perimeter: Polygon | null;
}

export interface MovementPlace {
  id: string;
  partyId: string;
  route: LatLon[];
  corridorM: number;
}

/**
 * Everyone and everything within `radiusM` of an incident: the people and units the live picture
 * found there, sites whose point is within it or whose perimeter holds it, movements under way
 * whose corridor comes within it. Nearest first, then by type and id.
 */
export function affectedByIncident(
  point: LatLon,
  radiusM: number,
  found: {
    subjects: readonly { type: 'person' | 'unit'; id: string; partyId: string; distanceM: number }[];
    sites: readonly SitePlace[];
    movements: readonly MovementPlace[];
  },
): AffectedSubject[] {
  const affected: AffectedSubject[] = found.subjects
    .filter((s) => s.distanceM <= radiusM)
    .map((s) => ({ type: s.type, id: s.id, partyId: s.partyId, distanceM: Math.round(s.distanceM) }));
  for (const site of found.sites) {
    const inside = site.perimeter !== null && isInside(point, site.perimeter);
    const distanceM = inside ? 0 : haversineKm(point, site.point) * 1000;
    if (distanceM <= radiusM)
      affected.push({ type: 'site', id: site.id, partyId: site.partyId, distanceM: Math.round(distanceM) });
  }
  for (const movement of found.movements) {
    const distanceM = Math.max(0, metresFromRoute(point, movement.route) - movement.corridorM);
    if (distanceM <= radiusM)
      affected.push({
        type: 'movement',
        id: movement.id,
        partyId: movement.partyId,
        distanceM: Math.round(distanceM),
      });
  }
  return affected.sort(
    (a, b) => a.distanceM - b.distanceM || a.type.localeCompare(b.type) || a.id.localeCompare(b.id),
  );
}

/** Whether `at` falls in the curfew [fromHour, toHour) of local time at `utcOffsetMinutes`; it may span midnight. */
export function inCurfew(at: Date, fromHour: number, toHour: number, utcOffsetMinutes: number): boolean {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  return fromHour <= toHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
}

/** A GeoJSON LineString's waypoints as points. */
export function lineOf(route: { coordinates: [number, number][] }): LatLon[] {
  return route.coordinates.map(([lon, lat]) => ({ lat, lon }));
}
