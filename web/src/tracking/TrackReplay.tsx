import type { GeoJSONSource, LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import type { SubjectRef } from './liveStream.js';
import { trackFeatures } from './trackFeatures.js';

const dayMs = 86_400_000;
const empty = { type: 'FeatureCollection' as const, features: [] };

/**
 * A subject's track over the last day, or as much of it as the server grants the viewer (its answer
 * says from when), drawn on the map with a slider that walks it fix by fix.
 */
export function TrackReplay(props: {
  map: MapLibreMap | undefined;
  subject: SubjectRef;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { map, subject } = props;
  const track = useApi(() => {
    const to = new Date();
    return api.get(
      '/api/v1/tracks/{subjectType}/{subjectId}',
      { subjectType: subject.type, subjectId: subject.id },
      { from: new Date(to.getTime() - dayMs).toISOString(), to: to.toISOString() },
    );
  }, [subject.type, subject.id]);
  const count = track.data?.points.length ?? 0;
  const [until, setUntil] = useState(0);
  useEffect(() => setUntil(Math.max(0, count - 1)), [count]);

  useEffect(() => {
    const source = map?.getSource('track') as GeoJSONSource | undefined;
    if (!source || !track.data) return;
    source.setData(trackFeatures(track.data, until));
  }, [map, track.data, until]);
  // The whole track in view once loaded; the track cleared when the replay closes.
  useEffect(() => {
    const points = track.data?.points;
    if (!map || !points?.length) return;
    const lons = points.map((p) => p.location.lon);
    const lats = points.map((p) => p.location.lat);
    const bounds: LngLatBoundsLike = [
      [Math.min(...lons), Math.min(...lats)],
      [Math.max(...lons), Math.max(...lats)],
    ];
    map.fitBounds(bounds, { padding: 80, maxZoom: 11, duration: 0 });
  }, [map, track.data]);
  useEffect(
    () => () => {
      void (map?.getSource('track') as GeoJSONSource | undefined)?.setData(empty);
    },
    [map],
  );

  const current = track.data?.points[until];
  return (
    <section className="track-replay" aria-labelledby="track-title">
      <h3 id="track-title">{t('live.track.title')}</h3>
      {track.loading && !track.data && <Loading />}
      {track.error !== undefined && <ErrorState error={track.error} onRetry={track.reload} />}
      {track.data && (
        <>
          <p className="hint">
            {t('live.track.window', {
              from: formatDate(track.data.from, true),
              to: formatDate(track.data.to, true),
              count,
              formatted: formatNumber(count),
            })}
          </p>
          {count > 1 && current && (
            <label className="slider">
              {t('live.track.at', { time: formatDate(current.fixAt, true) })}
              <input
                type="range"
                min={0}
                max={count - 1}
                value={until}
                onChange={(e) => setUntil(Number(e.target.value))}
                aria-valuetext={formatDate(current.fixAt, true)}
              />
            </label>
          )}
        </>
      )}
      <button type="button" onClick={props.onClose}>
        {t('live.track.close')}
      </button>
    </section>
  );
}
