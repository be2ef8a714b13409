import type { FeatureCollection } from 'geojson';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { FeaturePanel, type Selected } from './FeaturePanel.js';
import { addOverlays, fadeIncidentsByAge, overlays, setOverlayVisible, type Overlay } from './layers.js';
import { Legend, type OverlayState } from './Legend.js';
import { MapLabels } from './MapLabels.js';
import { loadIncidents, loadRiskGrid, loadSites, loadUnits, loadZones } from './mapData.js';
import { useBaseMap, useSourceData } from './useBaseMap.js';
import { useMapClicks } from './useMapClicks.js';
import { LivePanel } from '../tracking/LivePanel.js';
import { liveFeatures } from '../tracking/liveFeatures.js';
import { liveLegendState } from '../tracking/liveLegend.js';
import { useLive } from '../tracking/useLive.js';
import { AlertsPanel } from '../alerts/AlertsPanel.js';
import { useAlerts } from '../alerts/useAlerts.js';

const periods = [30, 90, 365, 1825] as const;
const dayMs = 86_400_000;

/** The home screen: every layer the viewer may see, a legend, a time slider and a side panel. */
export function OperationsMap() {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const { map, error: mapError } = useBaseMap(container, addOverlays);
  const [visible, setVisible] = useState<Record<Overlay, boolean>>({
    risk: true,
    zones: true,
    sites: true,
    units: true,
    incidents: true,
    live: true,
  });
  const [periodDays, setPeriodDays] = useState<number>(365);
  const [until, setUntil] = useState<number>(365);
  const [selected, setSelected] = useState<Selected>();

  const period = useMemo(() => {
    const to = new Date();
    const from = new Date(to.getTime() - periodDays * dayMs);
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  }, [periodDays]);

  const sites = useApi(loadSites, []);
  const units = useApi(loadUnits, []);
  const zones = useApi(loadZones, []);
  const risk = useApi(loadRiskGrid, []);
  const incidents = useApi(() => loadIncidents(period.from, period.to), [period.from, period.to]);

  useSourceData(map, 'sites', sites.data?.points);
  useSourceData(map, 'perimeters', sites.data?.perimeters);
  useSourceData(map, 'units', units.data);
  useSourceData(map, 'zones', zones.data);
  useSourceData(map, 'risk', risk.data);
  const shownIncidents = useMemo(() => {
    if (!incidents.data) return undefined;
    const features = incidents.data.points.features.filter((f) => (f.properties?.day as number) <= until);
    return { type: 'FeatureCollection', features } as FeatureCollection;
  }, [incidents.data, until]);
  useSourceData(map, 'incidents', shownIncidents);

  useEffect(() => {
    if (map) fadeIncidentsByAge(map, until, periodDays);
  }, [map, until, periodDays]);
  useEffect(() => {
    if (map) for (const overlay of overlays) setOverlayVisible(map, overlay, visible[overlay]);
  }, [map, visible]);

  useMapClicks(map, setSelected);
  const me = useMe();
  const alerts = useAlerts(can(me, 'alert.read'));
  const live = useLive(can(me, 'position.read') || can(me, 'alert.read'), alerts.onFrame);
  const liveData = useMemo(() => liveFeatures(live), [live.subjects, live.tails]);
  useSourceData(map, 'live-points', liveData.points);
  useSourceData(map, 'live-cells', liveData.cells);
  useSourceData(map, 'live-tails', liveData.tails);

  const states: Record<Overlay, OverlayState> = {
    risk: { loading: risk.loading, error: risk.error, count: risk.data?.features.length },
    zones: { ...stateOf(zones, zones.data), items: itemsOf(zones.data, 'reason') },
    sites: { ...stateOf(sites, sites.data?.points), items: itemsOf(sites.data?.points, 'name') },
    units: { ...stateOf(units, units.data), items: itemsOf(units.data, 'name') },
    incidents: {
      loading: incidents.loading,
      error: incidents.error,
      count: shownIncidents?.features.length,
      ...(incidents.data?.withoutLocation
        ? { note: t('map.withoutLocation', { count: incidents.data.withoutLocation }) }
        : {}),
    },
    live: liveLegendState(live, units.data, t, can(me, 'position.read')),
  };
  const settled = [sites, units, zones, risk, incidents].every((loaded) => !loaded.loading);
  const untilDate = formatDate(new Date(Date.parse(period.from) + until * dayMs).toISOString());

  return (
    <div className="ops" data-settled={settled && map ? 'true' : 'false'} data-live={live.connection}>
      <section className="ops-map" aria-label={t('map.title')}>
        <div className="map-frame">
          <div ref={container} className="map-canvas" data-ready={map ? 'true' : 'false'} />
          <MapLabels map={map} sites={sites.data?.points} showSites={visible.sites} />
        </div>
        {mapError !== undefined && (
          <p role="alert" className="map-error">
            {t('map.failed')}
          </p>
        )}
        <div className="time-bar">
          <label>
            {t('map.period')}
            <select
              value={periodDays}
              onChange={(e) => {
                const days = Number(e.target.value);
                setPeriodDays(days);
                setUntil(days);
              }}
            >
              {periods.map((days) => (
                <option key={days} value={days}>
                  {t(`map.periods.${days}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="slider">
            {t('map.until', { date: untilDate })}
            <input
              type="range"
              min={0}
              max={periodDays}
              value={until}
              onChange={(e) => setUntil(Number(e.target.value))}
              aria-valuetext={untilDate}
            />
          </label>
        </div>
      </section>
      {can(me, 'alert.read') && <AlertsPanel map={map} alerts={alerts} />}
      <Legend
        visible={visible}
        states={states}
        onToggle={(o, v) => setVisible((s) => ({ ...s, [o]: v }))}
        onSelect={setSelected}
      />
      {selected?.kind === 'live' && (
        <LivePanel
          map={map}
          subjectKey={selected.id}
          live={live}
          units={units.data}
          onClose={() => setSelected(undefined)}
        />
      )}
      {selected && selected.kind !== 'live' && (
        <FeaturePanel
          selected={selected}
          onClose={() => setSelected(undefined)}
          onChanged={() => zones.reload()}
        />
      )}
    </div>
  );
}

function stateOf(loaded: { loading: boolean; error: unknown }, data: FeatureCollection | undefined) {
  return { loading: loaded.loading, error: loaded.error, count: data?.features.length };
}

/** The named features of a layer, for the legend's list. */
function itemsOf(data: FeatureCollection | undefined, nameProperty: string): OverlayState['items'] {
  return data?.features.map((f) => ({
    id: String(f.properties?.id),
    name: String(f.properties?.[nameProperty] ?? f.properties?.id),
    kind: f.properties?.kind as Selected['kind'],
    precision: f.properties?.precision as string | undefined,
  }));
}
