import type { MapMouseEvent } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { navigate, useQuery } from '../app/router.js';
import { useApi } from '../common/useApi.js';
import { loadRiskGrid, zoneFeatures } from '../map/mapData.js';
import { useBaseMap, useSourceData } from '../map/useBaseMap.js';
import { PointPanel } from './PointPanel.js';
import { RoutePanel } from './RoutePanel.js';
import { drawingOf, segmentsOf, type LatLon } from './riskLayers.js';
import { addRiskLayers } from './riskLayers.js';
import { ZonesPanel } from './ZonesPanel.js';
import './risk.css';

type Zone = components['schemas']['RiskZone'];
export type RouteAnswer = components['schemas']['RiskOfRoute'];

const views = ['point', 'route', 'zones'] as const;
type View = (typeof views)[number];

/** Five decimals: about a metre, and a short link. */
const rounded = (value: number) => Math.round(value * 1e5) / 1e5;

/**
 * Risk: the level at a point and why, a route's levels drawn on the map, and the manual zones with
 * the other party's sign-off. The view and the point are in the address, so they can be shared.
 */
export function RiskScreen() {
  const { t } = useTranslation();
  const query = useQuery();
  const view: View = views.find((v) => v === query.get('view')) ?? 'point';
  const lat = Number.parseFloat(query.get('lat') ?? '');
  const lon = Number.parseFloat(query.get('lon') ?? '');
  const point = Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : undefined;

  const container = useRef<HTMLDivElement>(null);
  const { map, error: mapError } = useBaseMap(container, addRiskLayers);
  const [waypoints, setWaypoints] = useState<LatLon[]>([]);
  const [route, setRoute] = useState<RouteAnswer>();
  const [corners, setCorners] = useState<LatLon[]>();

  const zones = useApi(() => api.get('/api/v1/risk/zones') as Promise<{ items: Zone[] }>, []);
  const grid = useApi(loadRiskGrid, []);
  const zoneMap = useMemo(() => zones.data && zoneFeatures(zones.data.items), [zones.data]);
  useSourceData(map, 'zones', zoneMap);
  useSourceData(map, 'risk', grid.data);
  const drawing = useMemo(() => {
    if (view === 'point') return drawingOf(point ? [point] : [], 'point');
    if (view === 'route') return drawingOf(waypoints, 'line');
    return drawingOf(corners ?? [], 'polygon');
  }, [view, point?.lat, point?.lon, waypoints, corners]);
  useSourceData(map, 'drawing', drawing);
  const assessed = useMemo(() => segmentsOf(view === 'route' && route ? route.segments : []), [view, route]);
  useSourceData(map, 'assessed', assessed);

  const go = (next: { view?: View; at?: LatLon }) => {
    const search = new URLSearchParams({ view: next.view ?? view });
    // The point stays in the address across views, so coming back shows it again.
    const at = next.at ?? point;
    if (at) {
      search.set('lat', String(rounded(at.lat)));
      search.set('lon', String(rounded(at.lon)));
    }
    navigate(`/risk?${search.toString()}`);
  };

  // A click on the map places what the view is drawing; read through a ref, so the listener stays one.
  const onClick = useRef<(at: LatLon) => void>(() => undefined);
  onClick.current = (at) => {
    if (view === 'point') go({ at });
    else if (view === 'route') {
      setWaypoints((w) => [...w, at]);
      setRoute(undefined);
    } else if (corners) setCorners([...corners, at]);
  };
  useEffect(() => {
    if (!map) return;
    const listener = (event: MapMouseEvent) =>
      onClick.current({ lat: rounded(event.lngLat.lat), lon: rounded(event.lngLat.lng) });
    map.on('click', listener);
    map.getCanvas().style.cursor = 'crosshair';
    return () => {
      map.off('click', listener);
    };
  }, [map]);

  return (
    <div className="risk" data-ready={map && !zones.loading && !grid.loading ? 'true' : 'false'}>
      <section className="risk-map" aria-label={t('riskScreen.mapLabel')}>
        <div className="map-frame">
          <div ref={container} className="map-canvas" />
        </div>
        {mapError !== undefined && (
          <p role="alert" className="map-error">
            {t('map.failed')}
          </p>
        )}
        <p className="risk-map-hint hint" aria-live="polite">
          {t(`riskScreen.hint.${view === 'zones' && !corners ? 'zonesList' : view}`)}
        </p>
      </section>
      <aside className="risk-panel" aria-labelledby="risk-title">
        <h1 id="risk-title">{t('riskScreen.title')}</h1>
        <div className="risk-views" role="group" aria-label={t('riskScreen.views')}>
          {views.map((v) => (
            <button key={v} type="button" aria-pressed={v === view} onClick={() => go({ view: v })}>
              {t(`riskScreen.view.${v}`)}
            </button>
          ))}
        </div>
        {view === 'point' && <PointPanel point={point} onPoint={(at) => go({ at })} />}
        {view === 'route' && (
          <RoutePanel
            waypoints={waypoints}
            onWaypoints={(w) => {
              setWaypoints(w);
              setRoute(undefined);
            }}
            route={route}
            onRoute={setRoute}
          />
        )}
        {view === 'zones' && <ZonesPanel zones={zones} corners={corners} onCorners={setCorners} />}
      </aside>
    </div>
  );
}
