import type * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
import { useEffect } from 'react';
import type { Selected } from './FeaturePanel.js';
import { layersOf, overlays } from './layers.js';

/** Lines drawn for context only: a click there means the map beneath, not a subject. */
const notClickable = new Set(['live-tails']);

/** Clicks on the map: a cluster zooms in; a feature opens the side panel; elsewhere closes it. */
export function useMapClicks(
  map: maplibregl.Map | undefined,
  select: (selected: Selected | undefined) => void,
) {
  useEffect(() => {
    if (!map) return;
    const clickable = overlays.flatMap((o) => layersOf[o]).filter((l) => !notClickable.has(l));
    const hits = (event: maplibregl.MapMouseEvent) =>
      map.queryRenderedFeatures(event.point, {
        layers: clickable.filter((l) => map.getLayer(l)),
      }) as MapGeoJSONFeature[];
    const onClick = async (event: maplibregl.MapMouseEvent) => {
      const [feature] = hits(event);
      if (!feature) return select(undefined);
      if (feature.properties.cluster) {
        const source = map.getSource(feature.source) as GeoJSONSource;
        const zoom = await source.getClusterExpansionZoom(feature.properties.cluster_id as number);
        const [lon, lat] = (feature.geometry as GeoJSON.Point).coordinates as [number, number];
        map.easeTo({ center: [lon, lat], zoom });
        return;
      }
      select({
        kind: feature.properties.kind as Selected['kind'],
        id: String(feature.properties.id),
        precision: feature.properties.precision as string | undefined,
      });
    };
    const pointer = (event: maplibregl.MapMouseEvent) => {
      map.getCanvas().style.cursor = hits(event).length ? 'pointer' : '';
    };
    map.on('click', onClick);
    map.on('mousemove', pointer);
    return () => {
      map.off('click', onClick);
      map.off('mousemove', pointer);
    };
  }, [map, select]);
}
