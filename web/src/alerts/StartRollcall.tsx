import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../api/client.js';
import { navigate } from '../app/router.js';
import { useErrorText } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { useBaseMap } from '../map/useBaseMap.js';
import type { Movement } from '../movements/movement.js';
import { useSiteNames } from '../registry/useSiteNames.js';
import { circlePolygon, type RollcallBoard } from './rollcall.js';

type Scope = 'area' | 'site' | 'movement';
const empty = { type: 'FeatureCollection' as const, features: [] };

/** Adds the drawn circle's source and layers. */
function addCircleLayer(map: MapLibreMap) {
  map.addSource('rollcall-area', { type: 'geojson', data: empty });
  map.addLayer({
    id: 'rollcall-area-fill',
    type: 'fill',
    source: 'rollcall-area',
    paint: { 'fill-color': '#c62828', 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'rollcall-area-line',
    type: 'line',
    source: 'rollcall-area',
    paint: { 'line-color': '#c62828', 'line-width': 2 },
  });
}

/**
 * Starts a roll-call over a site, a movement under way, or a circle: a click on the map sets its
 * centre, the radius its size (the API takes it as a polygon).
 */
export function StartRollcall() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [scope, setScope] = useState<Scope>('area');
  const [siteId, setSiteId] = useState('');
  const [movementId, setMovementId] = useState('');
  const [center, setCenter] = useState<{ lat: number; lon: number }>();
  const [radiusKm, setRadiusKm] = useState(2);
  const [question, setQuestion] = useState('');
  const { sites } = useSiteNames();
  const movements = useApi(
    () =>
      request<{ items: Movement[] }>('GET', '/api/v1/movements?state=underway&limit=100').then(
        (p) => p.items,
      ),
    [],
  );
  const { run, error, busy } = useAction();
  const container = useRef<HTMLDivElement>(null);
  const { map } = useBaseMap(container, addCircleLayer);

  useEffect(() => {
    if (!map) return;
    const onClick = (event: MapMouseEvent) =>
      setCenter({ lat: round(event.lngLat.lat), lon: round(event.lngLat.lng) });
    map.on('click', onClick);
    return () => void map.off('click', onClick);
  }, [map]);
  const area = center && radiusKm > 0 ? circlePolygon(center, radiusKm * 1000) : undefined;
  useEffect(() => {
    (map?.getSource('rollcall-area') as GeoJSONSource | undefined)?.setData(
      area ? { type: 'Feature', properties: {}, geometry: area } : empty,
    );
  }, [map, center?.lat, center?.lon, radiusKm]);

  const ready = scope === 'area' ? area !== undefined : scope === 'site' ? siteId !== '' : movementId !== '';
  const start = async () => {
    const body = {
      ...(scope === 'area' ? { area } : scope === 'site' ? { siteId } : { movementId }),
      ...(question.trim() ? { question: question.trim() } : {}),
    };
    const started = await run(() => api.post('/api/v1/rollcalls', body) as Promise<RollcallBoard>);
    if (started) navigate(`/rollcalls/${encodeURIComponent(started.id)}`);
  };

  return (
    <form
      className="rollcall-start"
      aria-labelledby="rollcall-start-title"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <h2 id="rollcall-start-title">{t('rollcalls.start.title')}</h2>
      <fieldset className="scope">
        <legend>{t('rollcalls.start.over')}</legend>
        {(['area', 'site', 'movement'] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="scope" value={s} checked={scope === s} onChange={() => setScope(s)} />
            {t(`rollcalls.kinds.${s}`)}
          </label>
        ))}
      </fieldset>
      {scope === 'site' && (
        <label>
          {t('rollcalls.start.site')}
          <select id="rollcall-site" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
            <option value="">{t('rollcalls.start.choose')}</option>
            {sites.map((site) => (
              <option key={site.id} value={site.id}>
                {site.name ?? site.id.slice(0, 8)}
              </option>
            ))}
          </select>
        </label>
      )}
      {scope === 'movement' && (
        <label>
          {t('rollcalls.start.movement')}
          <select id="rollcall-movement" value={movementId} onChange={(e) => setMovementId(e.target.value)}>
            <option value="">{t('rollcalls.start.choose')}</option>
            {(movements.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {`${m.purpose ?? m.id.slice(0, 8)} · ${formatDate(m.plannedDeparture ?? null, true)}`}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className={scope === 'area' ? 'rollcall-draw' : 'rollcall-draw hidden'}>
        <p className="hint">{t('rollcalls.start.clickMap')}</p>
        <div className="rollcall-map" ref={container} data-ready={map ? 'true' : 'false'} />
        <div className="row">
          <label>
            {t('rollcalls.start.lat')}
            <input
              id="rollcall-lat"
              type="number"
              step="any"
              value={center?.lat ?? ''}
              onChange={(e) => setCenter({ lat: Number(e.target.value), lon: center?.lon ?? 0 })}
            />
          </label>
          <label>
            {t('rollcalls.start.lon')}
            <input
              id="rollcall-lon"
              type="number"
              step="any"
              value={center?.lon ?? ''}
              onChange={(e) => setCenter({ lat: center?.lat ?? 0, lon: Number(e.target.value) })}
            />
          </label>
          <label>
            {t('rollcalls.start.radius')}
            <input
              id="rollcall-radius"
              type="number"
              min={0.1}
              max={100}
              step={0.1}
              value={radiusKm}
              onChange={(e) => setRadiusKm(Number(e.target.value))}
            />
          </label>
        </div>
      </div>
      <label>
        {t('rollcalls.start.question')}
        <input
          id="rollcall-question"
          maxLength={200}
          value={question}
          placeholder={t('rollcalls.start.defaultQuestion')}
          onChange={(e) => setQuestion(e.target.value)}
        />
      </label>
      {error !== undefined && (
        <p role="alert" className="field-error">
          {errorText(error)}
        </p>
      )}
      <button type="submit" className="primary" disabled={!ready || busy}>
        {t('rollcalls.start.submit')}
      </button>
    </form>
  );
}

const round = (value: number) => Math.round(value * 1e5) / 1e5;
