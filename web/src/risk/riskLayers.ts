import type { Feature, FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { addOverlays, levelColour, setOverlayVisible } from '../map/layers.js';

export interface LatLon {
  lat: number;
  lon: number;
}

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
const drawColour = '#0d47a1';

/**
 * The risk screen's map: the grid and the manual zones as on the operations map, the route's
 * assessed segments coloured by level, and what the viewer is drawing (a point, waypoints, a zone).
 */
export function addRiskLayers(map: MapLibreMap) {
  addOverlays(map);
  for (const overlay of ['sites', 'units', 'incidents'] as const) setOverlayVisible(map, overlay, false);
  map.addSource('assessed', { type: 'geojson', data: empty });
  map.addSource('drawing', { type: 'geojson', data: empty });
  map.addLayer({
    id: 'assessed-casing',
    type: 'line',
    source: 'assessed',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': 8 },
  });
  map.addLayer({
    id: 'assessed-line',
    type: 'line',
    source: 'assessed',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': levelColour, 'line-width': 5 },
  });
  map.addLayer({
    id: 'drawing-fill',
    type: 'fill',
    source: 'drawing',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': drawColour, 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'drawing-line',
    type: 'line',
    source: 'drawing',
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': drawColour, 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: 'drawing-points',
    type: 'circle',
    source: 'drawing',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': drawColour,
      'circle-radius': 5,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
}

const position = (p: LatLon): [number, number] => [p.lon, p.lat];

/** What the viewer is drawing: its points, joined as a line, or closed as a polygon once it has three. */
export function drawingOf(points: LatLon[], shape: 'point' | 'line' | 'polygon'): FeatureCollection {
  const features: Feature[] = points.map((p, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: position(p) },
    properties: { index: i },
  }));
  if (shape === 'line' && points.length > 1) {
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: points.map(position) },
      properties: {},
    });
  }
  if (shape === 'polygon' && points.length > 2) {
    features.push({ type: 'Feature', geometry: polygonOf(points), properties: {} });
  }
  return { type: 'FeatureCollection', features };
}

/** A closed GeoJSON polygon through the points, in the order drawn. */
export function polygonOf(points: LatLon[]): { type: 'Polygon'; coordinates: [number, number][][] } {
  const ring = points.map(position);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/** A route's segments as lines with their level, for the map to colour. */
export function segmentsOf(segments: { level: number; points: LatLon[] }[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: segments.map((s, i) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: s.points.map(position) },
      properties: { level: s.level, index: i },
    })),
  };
}
