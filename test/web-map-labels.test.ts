import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { countryLabels, countryNames } from '../web/src/map/countryLabels.js';

// The map places country names at hand-picked points; they must name real countries of the base
// map's data and fall inside them, or a name would sit in the wrong country.

const topology = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('world-atlas/countries-50m.json'), 'utf8'),
) as Topology<{ countries: GeometryCollection }>;
const countries = (
  feature(topology, topology.objects.countries) as { features: Feature<Polygon | MultiPolygon>[] }
).features;

/** Whether a point is inside a ring (ray casting; the rings are small enough to treat as planar). */
function inRing([x, y]: [number, number], ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const polygonsOf = (geometry: Polygon | MultiPolygon) =>
  geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
const contains = (geometry: Polygon | MultiPolygon, at: [number, number]) =>
  polygonsOf(geometry).some(([outer, ...holes]) => inRing(at, outer!) && !holes.some((h) => inRing(at, h)));

describe("the map's country labels", () => {
  it('name countries of the base map, each at a point inside it, once', () => {
    expect(new Set(countryLabels.map((c) => c.code)).size).toBe(countryLabels.length);
    for (const { id, at } of countryLabels) {
      const country = countries.find((c) => c.id === id);
      expect(country, id).toBeDefined();
      expect(contains(country!.geometry, at), `${id} ${String(country!.properties?.name)}`).toBe(true);
    }
  });

  it("are in the viewer's language", () => {
    const pakistan = (locale: string) => countryNames(locale).find((c) => c.code === 'PK')?.name;
    expect(pakistan('en-GB')).toBe('Pakistan');
    expect(pakistan('zh-CN')).toBe('巴基斯坦');
    expect(pakistan('ur-PK')).toBe('پاکستان');
    expect(countryNames('zh-CN').find((c) => c.code === 'AF')?.name).toBe('阿富汗');
  });
});
