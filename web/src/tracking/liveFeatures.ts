import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { LiveState, LiveSubject } from './liveStream.js';
import { subjectKey } from './liveStream.js';

const kmPerDegree = 111.32;

/**
 * The square cell of `cellKm` around an area's centre: the map shows the whole cell the agreement
 * coarsened the position to, so nobody reads its centre as the place.
 */
export function cellSquare(lon: number, lat: number, cellKm: number): Polygon {
  const dLat = cellKm / 2 / kmPerDegree;
  const dLon = cellKm / 2 / (kmPerDegree * Math.cos((lat * Math.PI) / 180));
  const ring: [number, number][] = [
    [lon - dLon, lat - dLat],
    [lon + dLon, lat - dLat],
    [lon + dLon, lat + dLat],
    [lon - dLon, lat + dLat],
    [lon - dLon, lat - dLat],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

const propertiesOf = (s: LiveSubject) => ({
  kind: 'live',
  id: subjectKey(s.subject),
  subjectType: s.subject.type,
  status: s.status,
  sos: s.sos,
  precision: s.location.precision,
});

const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

/** The live state as the map's three sources: exact points (clustered), area cells, and tails. */
export function liveFeatures(state: LiveState): {
  points: FeatureCollection;
  cells: FeatureCollection;
  tails: FeatureCollection;
} {
  const points: Feature[] = [];
  const cells: Feature[] = [];
  const tails: Feature[] = [];
  for (const [key, subject] of state.subjects) {
    const { location } = subject;
    if (location.precision === 'area') {
      cells.push({
        type: 'Feature',
        geometry: cellSquare(location.lon, location.lat, location.cellKm),
        properties: propertiesOf(subject),
      });
      continue;
    }
    points.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [location.lon, location.lat] },
      properties: propertiesOf(subject),
    });
    const tail = state.tails.get(key) ?? [];
    if (tail.length > 1)
      tails.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: tail.map((p) => [...p]) },
        properties: { id: key, status: subject.status },
      });
  }
  return { points: collection(points), cells: collection(cells), tails: collection(tails) };
}
