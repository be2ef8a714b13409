import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { DataTable } from '../common/DataTable.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatKm, formatNumber } from '../i18n/format.js';
import { LevelBadge } from './LevelBadge.js';
import type { LatLon } from './riskLayers.js';

/** The level at a point (clicked on the map or typed in) and why: the zone, or the incidents that weigh. */
export function PointPanel({ point, onPoint }: { point: LatLon | undefined; onPoint: (at: LatLon) => void }) {
  const { t } = useTranslation();
  const [lat, setLat] = useState(point ? String(point.lat) : '');
  const [lon, setLon] = useState(point ? String(point.lon) : '');
  const [shown, setShown] = useState(point);
  // A click on the map moves the point: the fields follow it.
  if (point && (point.lat !== shown?.lat || point.lon !== shown?.lon)) {
    setShown(point);
    setLat(String(point.lat));
    setLon(String(point.lon));
  }
  const answer = useApi(
    () =>
      point
        ? api.get('/api/v1/risk/point', {}, { lat: point.lat, lon: point.lon })
        : Promise.resolve(undefined),
    [point?.lat, point?.lon],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPoint({ lat: Number(lat), lon: Number(lon) });
  };
  const a = answer.data;
  const coordinates = [
    { name: 'lat', value: lat, set: setLat, limit: 90 },
    { name: 'lon', value: lon, set: setLon, limit: 180 },
  ];
  return (
    <section className="risk-section" aria-labelledby="point-title">
      <h2 id="point-title">{t('riskScreen.point.title')}</h2>
      <form className="coordinates" onSubmit={submit}>
        {coordinates.map(({ name, value, set, limit }) => (
          <label key={name}>
            {t(`riskScreen.point.${name}`)}
            <input
              name={name}
              type="number"
              step="any"
              min={-limit}
              max={limit}
              required
              value={value}
              onChange={(e) => set(e.target.value)}
            />
          </label>
        ))}
        <button type="submit" className="primary">
          {t('riskScreen.point.show')}
        </button>
      </form>
      {answer.loading && point && !a && <Loading />}
      {answer.error !== undefined && <ErrorState error={answer.error} onRetry={answer.reload} />}
      {a && (
        <div className="explanation" aria-live="polite" aria-busy={answer.loading}>
          <p className="level-line">
            <LevelBadge level={a.level} />
          </p>
          <p className="hint">{t('riskScreen.point.asOf', { date: formatDate(a.asOf, true) })}</p>
          {a.zone ? (
            <p>
              {t('riskScreen.point.byZone', { reason: a.zone.reason })}{' '}
              {a.zone.expiresAt &&
                t('riskScreen.point.zoneExpires', { date: formatDate(a.zone.expiresAt, true) })}{' '}
              {a.computedLevel !== a.level &&
                t('riskScreen.point.gridWouldSay', {
                  level: a.computedLevel,
                  name: t(`riskScreen.levels.${a.computedLevel}`),
                })}
            </p>
          ) : (
            <p>
              {t('riskScreen.point.byGrid', {
                score: formatNumber(a.score, 1),
                count: a.incidentsCounted,
                formatted: formatNumber(a.incidentsCounted),
              })}
            </p>
          )}
          <p className="hint">
            {t('riskScreen.point.thresholds', {
              thresholds: a.parameters.thresholds
                .map((s, i) => t('riskScreen.point.threshold', { level: i + 2, score: formatNumber(s) }))
                .join(t('riskScreen.listSeparator')),
            })}
          </p>
          <p className="hint">
            {t('riskScreen.point.model', {
              lookback: formatNumber(a.parameters.lookbackDays),
              halfLife: formatNumber(a.parameters.halfLifeDays),
              rings: formatNumber(a.parameters.rings),
            })}
          </p>
          {a.incidents.length > 0 && (
            <DataTable
              caption={t('riskScreen.point.incidents')}
              className="risk-table"
              columns={[
                t('fields.date'),
                t('riskScreen.point.distance'),
                t('riskScreen.point.rings'),
                t('riskScreen.point.weight'),
              ]}
              rows={a.incidents.map((i) => ({
                key: i.id,
                cells: [
                  formatDate(i.date),
                  formatKm(i.distanceKm),
                  formatNumber(i.rings),
                  formatNumber(i.weight, 1),
                ],
              }))}
            />
          )}
          {a.incidentsWithheld > 0 && (
            <p className="hint">{t('riskScreen.point.withheld', { count: a.incidentsWithheld })}</p>
          )}
        </div>
      )}
    </section>
  );
}
