import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useApi } from '../common/useApi.js';
import { baseStyle, offlineBaseMap } from './basemap.js';

// The worker is a file of this server's, not a blob: the CSP allows no other.
maplibregl.setWorkerUrl(workerUrl);

/** Pakistan and its neighbours' border regions, where the deployment works. */
export const home: [[number, number], [number, number]] = [
  [60.5, 23.5],
  [77.8, 37.1],
];

/**
 * A MapLibre map on the offline base map (and the deployment's online tiles, if configured) in
 * `container`, with zoom buttons and a scale. `onLoad` adds the screen's sources and layers before
 * the map is handed back, so the screen's data effects always find them.
 */
export function useBaseMap(
  container: RefObject<HTMLDivElement | null>,
  onLoad: (map: MapLibreMap) => void,
): { map: MapLibreMap | undefined; error: unknown } {
  const { t } = useTranslation();
  const [map, setMap] = useState<MapLibreMap>();
  const [error, setError] = useState<unknown>();
  const clientConfig = useApi(() => api.get('/api/v1/client-config'), []);
  const loaded = useRef(onLoad);
  loaded.current = onLoad;

  useEffect(() => {
    if (!container.current || !clientConfig.data) return;
    let created: MapLibreMap | undefined;
    let cancelled = false;
    const { mapTiles, mapAttribution } = clientConfig.data;
    offlineBaseMap()
      .then((base) => {
        if (cancelled || !container.current) return;
        const map = new maplibregl.Map({
          container: container.current,
          style: baseStyle(base, mapTiles ? { url: mapTiles, attribution: mapAttribution } : null),
          bounds: home,
          attributionControl: mapTiles ? { compact: true } : false,
          dragRotate: false,
          locale: {
            'NavigationControl.ZoomIn': t('map.zoomIn'),
            'NavigationControl.ZoomOut': t('map.zoomOut'),
            'NavigationControl.ResetBearing': t('map.resetBearing'),
            'Map.Title': t('map.title'),
          },
        });
        created = map;
        map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
        map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
        map.on('load', () => {
          loaded.current(map);
          setMap(map);
        });
      })
      .catch(setError);
    return () => {
      cancelled = true;
      created?.remove();
      setMap(undefined);
    };
    // The map is built once per configuration; language changes relabel the page, not the map.
  }, [clientConfig.data]);

  return { map, error: error ?? clientConfig.error };
}

/** Keeps a GeoJSON source's data in step with what was loaded. */
export function useSourceData(
  map: MapLibreMap | undefined,
  source: string,
  data: FeatureCollection | undefined,
) {
  useEffect(() => {
    if (map && data) (map.getSource(source) as GeoJSONSource | undefined)?.setData(data);
  }, [map, source, data]);
}
