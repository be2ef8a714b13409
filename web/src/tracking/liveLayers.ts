import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { unitColour } from '../map/colours.js';

/** People in indigo (circles), units in the units' teal (squares); warnings on the outline. */
export const liveColours = {
  person: '#283593',
  unit: unitColour,
  silent: '#e65100',
  sos: '#d50000',
  track: '#6a1b9a',
} as const;

/** The map layers of live subjects, bottom to top, for the legend's switch and for clicks. */
export const liveLayerIds = [
  'live-cells-fill',
  'live-cells-line',
  'live-tails',
  'live-clusters',
  'live-sos-halo',
  'live-persons',
  'live-units',
];

const empty = { type: 'FeatureCollection' as const, features: [] };
const status = ['get', 'status'] as unknown as ExpressionSpecification;
/** Stale is faded: its position is older than its device's interval. */
const statusOpacity = ['match', status, 'stale', 0.45, 1] as unknown as ExpressionSpecification;
const outline = [
  'case',
  ['==', ['get', 'sos'], true],
  liveColours.sos,
  ['==', status, 'silent'],
  liveColours.silent,
  '#ffffff',
] as unknown as ExpressionSpecification;

/** A filled square with a border, as raw pixels: a unit's marker, drawn without a sprite sheet. */
export function squareIcon(size: number, fill: string, border: string, borderPx: number) {
  const data = new Uint8Array(size * size * 4);
  const [fr, fg, fb] = rgb(fill);
  const [br, bg, bb] = rgb(border);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const edge = Math.min(x, y, size - 1 - x, size - 1 - y) < borderPx;
      data.set(edge ? [br, bg, bb, 255] : [fr, fg, fb, 255], (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}

const rgb = (hex: string) =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Adds the live sources (empty until the stream's snapshot) and layers, and the track replay's. */
export function addLiveLayers(map: MapLibreMap) {
  map.addImage('unit-live', squareIcon(16, liveColours.unit, '#ffffff', 2));
  map.addImage('unit-silent', squareIcon(18, liveColours.unit, liveColours.silent, 3));
  map.addImage('unit-sos', squareIcon(18, liveColours.unit, liveColours.sos, 3));
  map.addSource('live-cells', { type: 'geojson', data: empty });
  map.addSource('live-tails', { type: 'geojson', data: empty });
  map.addSource('live-points', {
    type: 'geojson',
    data: empty,
    cluster: true,
    clusterRadius: 30,
    clusterMaxZoom: 12,
    // A cluster still shows that someone in it pressed SOS or went silent.
    clusterProperties: {
      sos: ['any', ['==', ['get', 'sos'], true]],
      silent: ['+', ['case', ['==', status, 'silent'], 1, 0]],
    },
  });
  map.addSource('track', { type: 'geojson', data: empty });
  map.addLayer({
    id: 'live-cells-fill',
    type: 'fill',
    source: 'live-cells',
    paint: {
      'fill-color': ['match', ['get', 'subjectType'], 'unit', liveColours.unit, liveColours.person],
      'fill-opacity': ['match', status, 'stale', 0.08, 0.18],
    },
  });
  map.addLayer({
    id: 'live-cells-line',
    type: 'line',
    source: 'live-cells',
    paint: {
      'line-color': ['match', ['get', 'subjectType'], 'unit', liveColours.unit, liveColours.person],
      'line-width': 1.5,
      'line-dasharray': [3, 2],
    },
  });
  map.addLayer({
    id: 'live-tails',
    type: 'line',
    source: 'live-tails',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': liveColours.person, 'line-width': 2, 'line-opacity': 0.5 },
  });
  map.addLayer({
    id: 'track-cells',
    type: 'fill',
    source: 'track',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: {
      'fill-color': liveColours.track,
      'fill-opacity': ['case', ['==', ['get', 'current'], true], 0.3, 0.12],
      'fill-outline-color': liveColours.track,
    },
  });
  map.addLayer({
    id: 'track-line',
    type: 'line',
    source: 'track',
    filter: ['==', ['geometry-type'], 'LineString'],
    paint: { 'line-color': liveColours.track, 'line-width': 3 },
  });
  map.addLayer({
    id: 'track-points',
    type: 'circle',
    source: 'track',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': ['case', ['==', ['get', 'current'], true], '#ffffff', liveColours.track],
      'circle-radius': ['case', ['==', ['get', 'current'], true], 7, 3.5],
      'circle-stroke-color': liveColours.track,
      'circle-stroke-width': ['case', ['==', ['get', 'current'], true], 3, 0],
    },
  });
  map.addLayer({
    id: 'live-clusters',
    type: 'circle',
    source: 'live-points',
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': liveColours.person,
      'circle-opacity': 0.8,
      'circle-radius': ['step', ['get', 'point_count'], 11, 10, 15, 50, 20],
      'circle-stroke-width': ['case', ['get', 'sos'], 4, ['>', ['get', 'silent'], 0], 3, 1.5],
      'circle-stroke-color': [
        'case',
        ['get', 'sos'],
        liveColours.sos,
        ['>', ['get', 'silent'], 0],
        liveColours.silent,
        '#ffffff',
      ],
    },
  });
  const single = ['!', ['has', 'point_count']] as unknown as ExpressionSpecification;
  map.addLayer({
    id: 'live-sos-halo',
    type: 'circle',
    source: 'live-points',
    filter: ['all', single, ['==', ['get', 'sos'], true]],
    paint: {
      'circle-color': liveColours.sos,
      'circle-opacity': 0.25,
      'circle-radius': 18,
      'circle-stroke-color': liveColours.sos,
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'live-persons',
    type: 'circle',
    source: 'live-points',
    filter: ['all', single, ['==', ['get', 'subjectType'], 'person']],
    paint: {
      'circle-color': liveColours.person,
      'circle-radius': 6,
      'circle-opacity': statusOpacity,
      'circle-stroke-opacity': statusOpacity,
      'circle-stroke-color': outline,
      'circle-stroke-width': ['match', status, 'silent', 3, 2],
    },
  });
  map.addLayer({
    id: 'live-units',
    type: 'symbol',
    source: 'live-points',
    filter: ['all', single, ['==', ['get', 'subjectType'], 'unit']],
    layout: {
      'icon-image': [
        'case',
        ['==', ['get', 'sos'], true],
        'unit-sos',
        ['==', status, 'silent'],
        'unit-silent',
        'unit-live',
      ],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: { 'icon-opacity': statusOpacity },
  });
}
