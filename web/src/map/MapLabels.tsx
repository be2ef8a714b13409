import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/i18n.js';
import { countryNames } from './countryLabels.js';
import './labels.css';

/**
 * Below this zoom the sites' names would crowd each other and the countries'. The home view on a
 * laptop is about zoom 5, so one step in (the + button) shows them.
 */
export const siteLabelZoom = 5.5;
/** A site's name is left out when an earlier labelled site is this close (a line's height, a name's width). */
const crowded = { dx: 160, dy: 18 };

/**
 * The map's text as page elements over the canvas: MapLibre's own text needs glyph files no free
 * package ships, and the page's fonts render every script in its direction. Country names come in
 * the viewer's language; sites keep the one name the data has. Hidden from screen readers and from
 * the pointer: the legend's lists already name every feature, and clicks must reach the map.
 */
export function MapLabels({
  map,
  sites,
  showSites,
}: {
  map: MapLibreMap | undefined;
  sites: FeatureCollection | undefined;
  showSites: boolean;
}) {
  useTranslation(); // re-renders on a language change, so the names follow it without a map rebuild
  const locale = currentLocale();
  const countries = useMemo(() => countryNames(locale), [locale]);
  const [, setFrame] = useState(0);

  useEffect(() => {
    if (!map) return;
    const redraw = () => setFrame((n) => n + 1);
    map.on('move', redraw);
    map.on('resize', redraw);
    return () => {
      map.off('move', redraw);
      map.off('resize', redraw);
    };
  }, [map]);

  if (!map) return null;
  const { clientWidth: width, clientHeight: height } = map.getContainer();
  const place = (at: [number, number]) => {
    const { x, y } = map.project(at);
    return x >= 0 && y >= 0 && x <= width && y <= height ? { x, y } : undefined;
  };
  const named =
    showSites && map.getZoom() >= siteLabelZoom
      ? (sites?.features ?? []).filter(
          // Areas are not labelled at their centre, which would read as an exact position.
          (f) => f.geometry.type === 'Point' && typeof f.properties?.name === 'string',
        )
      : [];

  return (
    <div className="map-labels" aria-hidden="true">
      {countries.map(({ code, at, name }) => {
        const point = place(at);
        return point && <Label key={code} kind="country" point={point} text={name} />;
      })}
      {uncrowded(named, place).map(({ site, point }) => (
        <Label
          key={String(site.properties?.id)}
          kind="site"
          point={point}
          text={String(site.properties?.name)}
        />
      ))}
    </div>
  );
}

/** The sites in view, each with its point, skipping one whose name would overlap an earlier one's. */
function uncrowded(
  sites: Feature[],
  place: (at: [number, number]) => { x: number; y: number } | undefined,
): { site: Feature; point: { x: number; y: number } }[] {
  const shown: { site: Feature; point: { x: number; y: number } }[] = [];
  for (const site of sites) {
    const point = place((site.geometry as Point).coordinates as [number, number]);
    if (!point) continue;
    const near = ({ point: other }: (typeof shown)[number]) =>
      Math.abs(other.x - point.x) < crowded.dx && Math.abs(other.y - point.y) < crowded.dy;
    if (!shown.some(near)) shown.push({ site, point });
  }
  return shown;
}

function Label({ kind, point, text }: { kind: string; point: { x: number; y: number }; text: string }) {
  // Positioned by transform only, so moving the map never lays the page out again.
  return (
    <span
      className={`map-label map-label-${kind}`}
      style={{ transform: `translate(${Math.round(point.x)}px, ${Math.round(point.y)}px)` }}
    >
      <span dir={kind === 'site' ? 'auto' : undefined}>{text}</span>
    </span>
  );
}
