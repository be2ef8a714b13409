import type { Feature, FeatureCollection } from 'geojson';
import { LngLatBounds, type Map as MapLibreMap, type MapMouseEvent } from 'maplibre-gl';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../common/useApi.js';
import { addOverlays, levelColour, setOverlayVisible } from '../map/layers.js';
import { loadRiskGrid, loadSites } from '../map/mapData.js';
import { useBaseMap, useSourceData } from '../map/useBaseMap.js';
import { segmentsOf } from '../risk/riskLayers.js';
import { rounded, type Assessment, type LatLon } from './movement.js';

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
const drawColour = '#0d47a1';
/** Where it leaves, where it goes, where it is checked: the same colours as the page's lists. */
export const stopColours = { origin: '#1b5e20', destination: '#b71c1c', checkpoint: '#4a148c' } as const;

/**
 * A movement's map: the risk grid and the sites as on the operations map, the route as drawn
 * (dashed), its assessed stretches coloured by level, and its origin, destination and checkpoints.
 */
function addMovementLayers(map: MapLibreMap) {
  addOverlays(map);
  for (const overlay of ['units', 'incidents', 'zones'] as const) setOverlayVisible(map, overlay, false);
  for (const source of ['route', 'assessed', 'stops'])
    map.addSource(source, { type: 'geojson', data: empty });
  map.addLayer({
    id: 'assessed-casing',
    type: 'line',
    source: 'assessed',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': 9 },
  });
  map.addLayer({
    id: 'assessed-line',
    type: 'line',
    source: 'assessed',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': levelColour, 'line-width': 6 },
  });
  map.addLayer({
    id: 'route-line',
    type: 'line',
    source: 'route',
    filter: ['==', ['geometry-type'], 'LineString'],
    paint: { 'line-color': drawColour, 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: 'route-points',
    type: 'circle',
    source: 'route',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': drawColour, 'circle-radius': 3.5 },
  });
  map.addLayer({
    id: 'stops',
    type: 'circle',
    source: 'stops',
    paint: {
      'circle-color': [
        'match',
        ['get', 'role'],
        'origin',
        stopColours.origin,
        'destination',
        stopColours.destination,
        stopColours.checkpoint,
      ],
      'circle-radius': ['match', ['get', 'role'], 'checkpoint', 6, 8],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
}

const position = (p: LatLon): [number, number] => [p.lon, p.lat];
const point = (p: LatLon, properties: Record<string, unknown>): Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: position(p) },
  properties,
});

export interface Stops {
  origin?: LatLon | undefined;
  destination?: LatLon | undefined;
  checkpoints: LatLon[];
}

/**
 * The map of a movement or of a request being drawn. `onPick` makes it a drawing surface: a click
 * hands the point over. `fitKey` frames the route again when it changes (a loaded movement), not on
 * every waypoint added.
 */
export function MovementMap(props: {
  waypoints: LatLon[];
  segments?: Assessment['segments'] | undefined;
  stops: Stops;
  onPick?: (at: LatLon) => void;
  fitKey?: string;
  label: string;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const { map, error } = useBaseMap(container, addMovementLayers);
  const sites = useApi(loadSites, []);
  const grid = useApi(loadRiskGrid, []);
  useSourceData(map, 'sites', sites.data?.points);
  useSourceData(map, 'perimeters', sites.data?.perimeters);
  useSourceData(map, 'risk', grid.data);

  const { waypoints, segments, stops } = props;
  const route = useMemo<FeatureCollection>(
    () => ({
      type: 'FeatureCollection',
      features: [
        ...waypoints.map((p, i) => point(p, { index: i })),
        ...(waypoints.length > 1
          ? [
              {
                type: 'Feature' as const,
                geometry: { type: 'LineString' as const, coordinates: waypoints.map(position) },
                properties: {},
              },
            ]
          : []),
      ],
    }),
    [waypoints],
  );
  useSourceData(map, 'route', route);
  const assessed = useMemo(() => segmentsOf(segments ?? []), [segments]);
  useSourceData(map, 'assessed', assessed);
  const stopFeatures = useMemo<FeatureCollection>(
    () => ({
      type: 'FeatureCollection',
      features: [
        ...stops.checkpoints.map((c, i) => point(c, { role: 'checkpoint', index: i })),
        ...(stops.origin ? [point(stops.origin, { role: 'origin' })] : []),
        ...(stops.destination ? [point(stops.destination, { role: 'destination' })] : []),
      ],
    }),
    [stops.origin, stops.destination, stops.checkpoints],
  );
  useSourceData(map, 'stops', stopFeatures);

  // Frame the route once it is known (a loaded movement), with room around it.
  const framed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!map || props.fitKey === undefined || framed.current === props.fitKey) return;
    const all = [
      ...waypoints,
      ...(stops.origin ? [stops.origin] : []),
      ...(stops.destination ? [stops.destination] : []),
    ];
    framed.current = props.fitKey;
    if (all.length < 2) return;
    const bounds = new LngLatBounds(position(all[0]!), position(all[0]!));
    for (const p of all) bounds.extend(position(p));
    map.fitBounds(bounds, { padding: 48, maxZoom: 12, duration: 0 });
  }, [map, props.fitKey, waypoints, stops.origin, stops.destination]);

  // A click hands its point to the form; read through a ref, so the listener stays one.
  const pick = useRef(props.onPick);
  pick.current = props.onPick;
  const picking = props.onPick !== undefined;
  useEffect(() => {
    if (!map || !picking) return;
    const listener = (event: MapMouseEvent) =>
      pick.current?.({ lat: rounded(event.lngLat.lat), lon: rounded(event.lngLat.lng) });
    map.on('click', listener);
    map.getCanvas().style.cursor = 'crosshair';
    return () => {
      map.off('click', listener);
    };
  }, [map, picking]);

  return (
    <section
      className="movement-map"
      aria-label={props.label}
      data-ready={map && !sites.loading && !grid.loading ? 'true' : 'false'}
    >
      <div className="map-frame">
        <div ref={container} className="map-canvas" />
      </div>
      {error !== undefined && (
        <p role="alert" className="map-error">
          {t('map.failed')}
        </p>
      )}
      <ul className="movement-legend">
        {(['origin', 'destination', 'checkpoint'] as const).map((role) => (
          <li key={role}>
            <span className="swatch round" style={{ background: stopColours[role] }} aria-hidden="true" />
            {t(`movements.legend.${role}`)}
          </li>
        ))}
        <li>
          <span className="swatch route-swatch" aria-hidden="true" />
          {t('movements.legend.route')}
        </li>
      </ul>
    </section>
  );
}
