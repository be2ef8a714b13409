import type { FeatureCollection, MultiLineString } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';

/**
 * The offline base map: Natural Earth's countries (1:50m, public domain, from `world-atlas`),
 * fetched from this server as a static file so nothing comes from outside hosts.
 */
export async function offlineBaseMap(): Promise<{
  land: FeatureCollection;
  borders: MultiLineString;
  coast: MultiLineString;
}> {
  const response = await fetch(countriesUrl);
  const topology = (await response.json()) as Topology<{
    countries: GeometryCollection;
    land: GeometryCollection;
  }>;
  const countries = topology.objects.countries;
  return {
    land: feature(topology, countries) as FeatureCollection,
    borders: mesh(topology, countries, (a, b) => a !== b),
    coast: mesh(topology, countries, (a, b) => a === b),
  };
}

/** A style with the base map, and under it the online tiles when the deployment configures them. */
export function baseStyle(
  base: Awaited<ReturnType<typeof offlineBaseMap>>,
  tiles: { url: string; attribution: string | null } | null,
): StyleSpecification {
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: base.land },
      borders: { type: 'geojson', data: { type: 'Feature', geometry: base.borders, properties: {} } },
      coast: { type: 'geojson', data: { type: 'Feature', geometry: base.coast, properties: {} } },
      ...(tiles
        ? {
            online: {
              type: 'raster' as const,
              tiles: [tiles.url],
              tileSize: 256,
              ...(tiles.attribution ? { attribution: tiles.attribution } : {}),
            },
          }
        : {}),
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#c9dbe8' } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#f2efe6' } },
      ...(tiles ? [{ id: 'online', type: 'raster' as const, source: 'online' }] : []),
      { id: 'coast', type: 'line', source: 'coast', paint: { 'line-color': '#7f9db3', 'line-width': 0.8 } },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': '#8a7f70', 'line-width': 1.2, 'line-dasharray': [3, 2] },
      },
    ],
  };
}
