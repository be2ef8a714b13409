import type { Feature, Polygon } from 'geojson';

const earthKm = 6371;

/**
 * A circle of `radiusKm` around a point as a polygon: how the map draws a location the agreement
 * shares only as an area (precision `area`), so nobody mistakes it for an exact position.
 */
export function circle(lon: number, lat: number, radiusKm: number, steps = 48): Polygon {
  const ring: [number, number][] = [];
  const latR = (lat * Math.PI) / 180;
  const angular = radiusKm / earthKm;
  for (let i = 0; i <= steps; i++) {
    const bearing = (2 * Math.PI * i) / steps;
    const lat2 = Math.asin(
      Math.sin(latR) * Math.cos(angular) + Math.cos(latR) * Math.sin(angular) * Math.cos(bearing),
    );
    const lon2 =
      (lon * Math.PI) / 180 +
      Math.atan2(
        Math.sin(bearing) * Math.sin(angular) * Math.cos(latR),
        Math.cos(angular) - Math.sin(latR) * Math.sin(lat2),
      );
    ring.push([(lon2 * 180) / Math.PI, (lat2 * 180) / Math.PI]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

export type Location =
  | { precision: 'exact'; lat: number; lon: number }
  | { precision: 'area'; lat: number; lon: number; cellKm: number }
  | null;

/** A point for an exact location, an area for a coarse one, nothing for a withheld one. */
export function locationFeature(
  location: Location,
  properties: Record<string, string | number | boolean | null>,
): Feature | undefined {
  if (!location) return undefined;
  if (location.precision === 'area') {
    return {
      type: 'Feature',
      geometry: circle(location.lon, location.lat, location.cellKm / 2),
      properties: { ...properties, precision: 'area' },
    };
  }
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [location.lon, location.lat] },
    properties: { ...properties, precision: 'exact' },
  };
}
