import { defaultRouteLimits, routeKm } from '../../src/risk/route.js';
import { defaultZoneLimits } from '../../src/risk/zone.js';
import { type Polygon, polygonAreaKm2 } from '../../src/platform/geo.js';
import { actorOf } from './agreement.js';
import type { TestApp } from './app.js';

/**
 * The largest route the limits allow: as many waypoints as allowed, just under the longest
 * length, sweeping up and down Pakistan between Karachi and Peshawar (so it crosses many cells).
 */
export function maximalRoute(): { lat: number; lon: number }[] {
  const count = defaultRouteLimits.maxWaypoints;
  const legKm = (defaultRouteLimits.maxKm * 0.99) / (count - 1);
  const stepLat = legKm / 111.2;
  const points = [{ lat: 24.86, lon: 67.0 }];
  let direction = 1;
  for (let i = 1; i < count; i++) {
    const last = points.at(-1)!;
    if (last.lat + direction * stepLat > 34 || last.lat + direction * stepLat < 24.86) direction = -direction;
    points.push({ lat: last.lat + direction * stepLat, lon: last.lon + 0.004 });
  }
  const km = routeKm(points);
  if (km > defaultRouteLimits.maxKm || km < defaultRouteLimits.maxKm * 0.95)
    throw new Error(`maximal route is ${km} km`);
  return points;
}

/**
 * The largest zone the limits allow: as many positions as allowed, a wavy (concave) ring over
 * central Pakistan of just under the largest area.
 */
export function maximalZone(): Polygon {
  const positions = defaultZoneLimits.maxVertices - 1;
  const ringAt = (scale: number) => {
    const ring: [number, number][] = [];
    for (let i = 0; i < positions; i++) {
      const angle = (2 * Math.PI * i) / positions;
      const r = scale * (1 + 0.04 * Math.sin(40 * angle));
      ring.push([69 + r * 1.15 * Math.cos(angle), 30 + r * Math.sin(angle)]);
    }
    ring.push(ring[0]!);
    return { type: 'Polygon' as const, coordinates: [ring] };
  };
  // The scale whose area is 98% of the limit, by bisection.
  let [lo, hi] = [1, 10];
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (polygonAreaKm2(ringAt(mid)) < defaultZoneLimits.maxAreaKm2 * 0.98) lo = mid;
    else hi = mid;
  }
  return ringAt(lo);
}

/** A closed rectangular ring of [lon, lat] positions, from west to east and south to north. */
export function boxRing(west: number, south: number, east: number, north: number): number[][] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

/** A closed square ring of [lon, lat] positions, `d` degrees either side of the centre. */
export function squareRing(lon: number, lat: number, d: number): number[][] {
  return boxRing(lon - d, lat - d, lon + d, lat + d);
}

/** A polygon of these rings, as a request body would carry it (not checked). */
export const polygonOf = (...rings: number[][][]) =>
  ({ type: 'Polygon', coordinates: rings }) as unknown as Polygon;

/** A square polygon around a point, as the zone routes take one. */
export const squareAround = (c: { lat: number; lon: number }, d: number) => ({
  type: 'Polygon',
  coordinates: [squareRing(c.lon, c.lat, d)],
});

/** Records a confirmed IED on `date` as the host's analyst, with its toll; returns the stored row. */
export function recordIed(
  t: TestApp,
  date: string,
  where: { lat: number; lon: number },
  killed: number,
  wounded = 0,
) {
  return t.services.incidents.create(actorOf(t, 'ssd:analyst'), {
    date,
    datePrecision: 'day',
    ...where,
    type: 'ied',
    killed: { best: killed },
    wounded: { best: wounded },
    status: 'confirmed',
    sources: [],
  });
}
