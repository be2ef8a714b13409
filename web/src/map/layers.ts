import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { addLiveLayers, liveLayerIds } from '../tracking/liveLayers.js';
import { riskColours, severitySteps, siteColour, unitColour } from './colours.js';

/** The overlay layers the legend lists and switches, bottom to top. */
export const overlays = ['risk', 'zones', 'sites', 'units', 'incidents', 'live'] as const;
export type Overlay = (typeof overlays)[number];

/** The map layers that make up each overlay, for switching and for clicks. */
export const layersOf: Record<Overlay, string[]> = {
  risk: ['risk-fill'],
  zones: ['zones-fill', 'zones-line'],
  sites: ['perimeters-fill', 'perimeters-line', 'sites-area', 'sites-point'],
  units: ['units-area', 'units-point'],
  incidents: ['incident-clusters', 'incident-points'],
  live: liveLayerIds,
};

/** A feature's colour by its `level` property (1–6). */
export const levelColour: ExpressionSpecification = [
  'match',
  ['get', 'level'],
  ...riskColours.flatMap((colour, i) => [i + 1, colour]),
  '#999999',
] as unknown as ExpressionSpecification;

const severityColour = (value: ExpressionSpecification): ExpressionSpecification =>
  [
    'step',
    value,
    severitySteps[0].colour,
    ...severitySteps.slice(1).flatMap((s) => [s.min, s.colour]),
  ] as unknown as ExpressionSpecification;

const empty = { type: 'FeatureCollection' as const, features: [] };
const isArea: ExpressionSpecification = ['==', ['get', 'precision'], 'area'];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];

/** Adds every overlay's sources (empty until their data loads) and layers. */
export function addOverlays(map: MapLibreMap) {
  for (const source of ['risk', 'zones', 'sites', 'perimeters', 'units']) {
    map.addSource(source, { type: 'geojson', data: empty });
  }
  map.addSource('incidents', {
    type: 'geojson',
    data: empty,
    cluster: true,
    clusterRadius: 40,
    clusterMaxZoom: 11,
    clusterProperties: { casualties: ['+', ['get', 'casualties']] },
  });
  map.addLayer({
    id: 'risk-fill',
    type: 'fill',
    source: 'risk',
    paint: { 'fill-color': levelColour, 'fill-opacity': 0.35 },
  });
  map.addLayer({
    id: 'zones-fill',
    type: 'fill',
    source: 'zones',
    paint: {
      'fill-color': levelColour,
      'fill-opacity': ['case', ['==', ['get', 'status'], 'pending'], 0.1, 0.3],
    },
  });
  map.addLayer({
    id: 'zones-line',
    type: 'line',
    source: 'zones',
    paint: {
      'line-color': levelColour,
      'line-width': 2,
      // A zone waiting for the other party's sign-off is dashed: not yet in force.
      'line-dasharray': [
        'case',
        ['==', ['get', 'status'], 'pending'],
        ['literal', [2, 2]],
        ['literal', [1, 0]],
      ],
    },
  });
  map.addLayer({
    id: 'perimeters-fill',
    type: 'fill',
    source: 'perimeters',
    paint: { 'fill-color': siteColour, 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'perimeters-line',
    type: 'line',
    source: 'perimeters',
    paint: { 'line-color': siteColour, 'line-width': 1.5 },
  });
  for (const [source, colour] of [
    ['sites', siteColour],
    ['units', unitColour],
  ] as const) {
    // An area the agreement coarsened a location to: drawn as the area, hatched by its outline.
    map.addLayer({
      id: `${source}-area`,
      type: 'fill',
      source,
      filter: isArea,
      paint: { 'fill-color': colour, 'fill-opacity': 0.12, 'fill-outline-color': colour },
    });
    map.addLayer({
      id: `${source}-point`,
      type: 'circle',
      source,
      filter: isPoint,
      paint: {
        'circle-color': colour,
        'circle-radius': source === 'sites' ? 7 : 5,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
  }
  map.addLayer({
    id: 'incident-clusters',
    type: 'circle',
    source: 'incidents',
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': severityColour(['get', 'casualties']),
      'circle-radius': ['step', ['get', 'point_count'], 10, 10, 14, 50, 19, 200, 25],
      'circle-opacity': 0.85,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: 'incident-points',
    type: 'circle',
    source: 'incidents',
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': severityColour(['get', 'casualties']),
      'circle-radius': 6,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1,
    },
  });
  // Live people and units on top: what is happening now matters more than what happened.
  addLiveLayers(map);
}

/** Fades incidents by their age on the slider's day: that day's at full strength, the period's first faintest. */
export function fadeIncidentsByAge(map: MapLibreMap, day: number, periodDays: number) {
  map.setPaintProperty('incident-points', 'circle-opacity', [
    'interpolate',
    ['linear'],
    ['-', day, ['get', 'day']],
    0,
    1,
    Math.max(periodDays, 1),
    0.35,
  ]);
}

export function setOverlayVisible(map: MapLibreMap, overlay: Overlay, visible: boolean) {
  for (const layer of layersOf[overlay])
    map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
}
