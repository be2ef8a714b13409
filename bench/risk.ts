// Risk under the largest work the limits allow (issue 7, finding 1): the longest route against a
// one-leg baseline, with the largest zone in force, and the event loop's longest stall meanwhile.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { actorOf } from '../test/helpers/agreement.js';
import type { TestApp } from '../test/helpers/app.js';
import { maximalRoute, maximalZone } from '../test/helpers/risk.js';
import { latLngToCell } from 'h3-js';

import { haversineKm } from '../src/risk/risk.js';
import { routeKm } from '../src/risk/route.js';
import { isInside, type Polygon, polygonAreaKm2, vertexCount } from '../src/platform/geo.js';

/**
 * The walk as it was before: a point every kilometre, each tested against every zone's polygon
 * (the grid lookup, a map read, left out). For the ratio only.
 */
function stepWalk(route: { lat: number; lon: number }[], zones: Polygon[]): number {
  let inside = 0;
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const steps = Math.max(1, Math.ceil(haversineKm(a, b)));
    for (let s = 0; s < steps; s++) {
      const f = (s + 0.5) / steps;
      const point = { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
      latLngToCell(point.lat, point.lon, 5);
      if (zones.some((zone) => isInside(point, zone))) inside++;
    }
  }
  return inside;
}

async function meanMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const began = performance.now();
  for (let i = 0; i < runs; i++) await work();
  return (performance.now() - began) / runs;
}

export async function benchRisk(t: TestApp, backend: string) {
  const rows: { backend: string; measure: string; value: string }[] = [];
  const polygon = maximalZone();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const ticker = setInterval(() => undefined, 5);
  delay.enable();
  const began = performance.now();
  const zone = await t.services.risk.createZone(actorOf(t, 'ssd:analyst'), {
    polygon,
    level: 5,
    reason: 'Largest zone the limits allow',
  });
  const zoneMs = performance.now() - began;
  delay.disable();
  clearInterval(ticker);
  await t.services.risk.approveZone(actorOf(t, 'cso:coordinator'), zone.id);
  rows.push({
    backend,
    measure: `largest zone allowed recorded (${vertexCount(polygon).toLocaleString('en')} positions, ${Math.round(polygonAreaKm2(polygon)).toLocaleString('en')} km²: coverage once, in slices)`,
    value: `${Math.round(zoneMs)} ms; longest event-loop stall ${(delay.max / 1e6).toFixed(1)} ms`,
  });

  const route = maximalRoute();
  const observer = actorOf(t, 'cso:observer');
  const oneLeg = route.slice(0, 2);
  const baseline = await meanMs(200, () => t.services.risk.route(observer, oneLeg));
  const routeDelay = monitorEventLoopDelay({ resolution: 5 });
  const routeTicker = setInterval(() => undefined, 5);
  routeDelay.enable();
  const longest = await meanMs(20, () => t.services.risk.route(observer, route));
  routeDelay.disable();
  clearInterval(routeTicker);
  rows.push({
    backend,
    measure: `risk along one leg of ${routeKm(oneLeg).toFixed(1)} km (baseline), mean of 200`,
    value: `${baseline.toFixed(2)} ms`,
  });
  rows.push({
    backend,
    measure: `risk along the longest route allowed (${route.length} waypoints, ${Math.round(routeKm(route)).toLocaleString('en')} km) through the largest zone, mean of 20`,
    value: `${longest.toFixed(1)} ms, ${(longest / baseline).toFixed(0)}× the one-leg baseline (${route.length - 1} legs); longest event-loop stall ${(routeDelay.max / 1e6).toFixed(1)} ms`,
  });
  const stepped = await meanMs(5, async () => stepWalk(route, [polygon]));
  rows.push({
    backend,
    measure:
      'the same route walked as before, a point per km tested against the zone polygon (for comparison)',
    value: `${stepped.toFixed(1)} ms, ${(stepped / longest).toFixed(1)}× the walk cell by cell`,
  });
  return rows;
}
