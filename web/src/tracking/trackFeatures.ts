import type { Feature, FeatureCollection } from 'geojson';
import type { paths } from '../api/schema.js';
import { cellSquare } from './liveFeatures.js';

/** The tracks route's answer (read from the schema, not the API client, so Node tests can import this). */
export type Track =
  paths['/api/v1/tracks/{subjectType}/{subjectId}']['get']['responses'][200]['content']['application/json'];

/**
 * A track as the map draws it up to point `until` (an index): the exact fixes as a line with a dot
 * each, the fix at `until` marked; fixes shared only as an area as their cells, once each, never
 * joined by a line the agreement did not share.
 */
export function trackFeatures(track: Track, until: number): FeatureCollection {
  const shown = track.points.slice(0, until + 1);
  const features: Feature[] = [];
  const exact = shown.flatMap((p) =>
    p.location.precision === 'exact' ? [[p.location.lon, p.location.lat] as [number, number]] : [],
  );
  if (exact.length > 1)
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: exact }, properties: {} });
  const cells = new Set<string>();
  shown.forEach((p, i) => {
    const { location } = p;
    const current = i === until;
    if (location.precision === 'exact') {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [location.lon, location.lat] },
        properties: { fixAt: p.fixAt, current },
      });
    } else if (!cells.has(`${location.lon},${location.lat}`) || current) {
      cells.add(`${location.lon},${location.lat}`);
      features.push({
        type: 'Feature',
        geometry: cellSquare(location.lon, location.lat, location.cellKm),
        properties: { fixAt: p.fixAt, current },
      });
    }
  });
  return { type: 'FeatureCollection', features };
}
