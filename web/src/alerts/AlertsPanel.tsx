import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { ErrorState, Loading, useErrorText } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { formatDate } from '../i18n/format.js';
import { type Alert, alertRules, isShown, isUrgent, stateFilters, type StateFilter } from './alert.js';
import type { Alerts } from './useAlerts.js';
import './alerts.css';

/** The least a note must say: the API refuses fewer characters. */
const noteMin = 3;

/**
 * The alerts panel of the operations map: the alerts the viewer may see, live, SOS first and
 * loudest; filters by state and rule; each one flies the map to its place; acknowledge and resolve
 * with a note for those whose role handles alerts.
 */
export function AlertsPanel({ map, alerts }: { map: MapLibreMap | undefined; alerts: Alerts }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string>();
  const shown = alerts.alerts.filter((a) => isShown(a, alerts.filter));
  const urgent = shown.filter(isUrgent);
  const ordered = [...urgent, ...shown.filter((a) => !isUrgent(a))];
  useAlertMarkers(map, shown);

  return (
    <section
      className={urgent.length > 0 ? 'alerts-panel alerts-urgent' : 'alerts-panel'}
      aria-labelledby="alerts-title"
      data-count={shown.length}
    >
      <header>
        <h2 id="alerts-title">
          {t('alerts.title')} <span className="legend-count">{shown.length}</span>
        </h2>
      </header>
      {urgent.length > 0 && (
        <p role="alert" className="alerts-sos">
          {t('alerts.sosOpen', { count: urgent.length })}
        </p>
      )}
      <div className="alerts-filters">
        <label>
          {t('alerts.filter.state')}
          <select
            value={alerts.filter.state}
            onChange={(e) => alerts.setFilter({ ...alerts.filter, state: e.target.value as StateFilter })}
          >
            {stateFilters.map((state) => (
              <option key={state} value={state}>
                {t(`alerts.states.${state}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.filter.rule')}
          <select
            value={alerts.filter.rule}
            onChange={(e) =>
              alerts.setFilter({ ...alerts.filter, rule: e.target.value as (typeof alertRules)[number] | '' })
            }
          >
            <option value="">{t('alerts.filter.anyRule')}</option>
            {alertRules.map((rule) => (
              <option key={rule} value={rule}>
                {t(`alerts.rules.${rule}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {alerts.error !== undefined && <ErrorState error={alerts.error} onRetry={alerts.reload} />}
      {alerts.loading && alerts.alerts.length === 0 && <Loading />}
      {!alerts.loading && shown.length === 0 && alerts.error === undefined && (
        <p className="hint">{t('alerts.none')}</p>
      )}
      <ul className="alert-list">
        {ordered.map((alert) => (
          <AlertItem
            key={alert.id}
            alert={alert}
            expanded={open === alert.id}
            onToggle={() => {
              setOpen(open === alert.id ? undefined : alert.id);
              if (map && alert.location)
                map.flyTo({
                  center: [alert.location.lon, alert.location.lat],
                  zoom: Math.max(map.getZoom(), alert.location.precision === 'exact' ? 12 : 9),
                });
            }}
            onHandled={alerts.replace}
          />
        ))}
      </ul>
    </section>
  );
}

function AlertItem(props: {
  alert: Alert;
  expanded: boolean;
  onToggle: () => void;
  onHandled: (alert: Alert) => void;
}) {
  const { t } = useTranslation();
  const { alert } = props;
  return (
    <li className={`alert-item severity-${alert.severity} state-${alert.state}`} data-rule={alert.rule}>
      <button type="button" className="alert-head" aria-expanded={props.expanded} onClick={props.onToggle}>
        <span className="alert-rule">{t(`alerts.rules.${alert.rule}`)}</span>
        <span className="alert-state">{t(`alerts.states.${alert.state}`)}</span>
        <span className="alert-when">{formatDate(alert.raisedAt, true)}</span>
      </button>
      {props.expanded && <AlertDetails alert={alert} onHandled={props.onHandled} />}
    </li>
  );
}

function AlertDetails({ alert, onHandled }: { alert: Alert; onHandled: (alert: Alert) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const rows: [string, string][] = [
    ['alerts.fields.severity', t(`alerts.severities.${alert.severity}`)],
    [
      'alerts.fields.subject',
      `${t(`alerts.subjects.${alert.subject.type}`)} ${alert.subject.id.slice(0, 8)}`,
    ],
    ['alerts.fields.eventAt', formatDate(alert.eventAt, true)],
    [
      'alerts.fields.place',
      alert.location === null
        ? t('alerts.noPlace')
        : alert.location.precision === 'exact'
          ? t('map.exact')
          : t('alerts.area'),
    ],
  ];
  if (alert.affected.length + alert.affectedWithheld > 0)
    rows.push([
      'alerts.fields.affected',
      t('alerts.affected', { count: alert.affected.length, withheld: alert.affectedWithheld }),
    ]);
  const by = (id: string | null) => (id === me.id ? t('alerts.you') : (id ?? '').slice(0, 8));
  if (alert.acknowledgedAt)
    rows.push([
      'alerts.fields.acknowledged',
      t('alerts.handledBy', { who: by(alert.acknowledgedBy), when: formatDate(alert.acknowledgedAt, true) }) +
        (alert.acknowledgeNote ? ` — ${alert.acknowledgeNote}` : ''),
    ]);
  if (alert.resolvedAt)
    rows.push([
      'alerts.fields.resolved',
      t('alerts.handledBy', { who: by(alert.resolvedBy), when: formatDate(alert.resolvedAt, true) }) +
        (alert.resolveNote ? ` — ${alert.resolveNote}` : ''),
    ]);
  return (
    <div className="alert-details">
      <dl className="details">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {alert.subject.type === 'incident' && (
        <p>
          <AppLink to={`/incidents/${encodeURIComponent(alert.subject.id)}`}>
            {t('alerts.openIncident')}
          </AppLink>
        </p>
      )}
      {can(me, 'alert.handle') && alert.actions.length > 0 && (
        <HandleForm alert={alert} onHandled={onHandled} />
      )}
    </div>
  );
}

/** Acknowledge or resolve, each with a note saying what was done. */
function HandleForm({ alert, onHandled }: { alert: Alert; onHandled: (alert: Alert) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [note, setNote] = useState('');
  const { run, error, busy } = useAction();
  const id = `alert-note-${alert.id}`;
  const short = note.trim().length < noteMin;
  const handle = async (action: 'acknowledge' | 'resolve') => {
    const path =
      action === 'acknowledge' ? '/api/v1/alerts/{id}/acknowledge' : ('/api/v1/alerts/{id}/resolve' as const);
    const handled = await run(() => api.post(path, { note: note.trim() }, { id: alert.id }));
    if (handled) {
      setNote('');
      onHandled(handled);
    }
  };
  return (
    <form className="alert-handle" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={id}>{t('alerts.note')}</label>
      <textarea id={id} rows={2} value={note} onChange={(e) => setNote(e.target.value)} required />
      {short && <span className="hint">{t('alerts.noteNeeded', { count: noteMin })}</span>}
      {error !== undefined && (
        <p role="alert" className="field-error">
          {errorText(error)}
        </p>
      )}
      <div className="actions">
        {alert.actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'resolve' ? 'primary' : undefined}
            disabled={busy || short}
            onClick={() => void handle(action)}
          >
            {t(`alerts.actions.${action}`)}
          </button>
        ))}
      </div>
    </form>
  );
}

const empty = { type: 'FeatureCollection' as const, features: [] };

/** The alerts' places on the map: a ring, red and larger for an SOS. */
function useAlertMarkers(map: MapLibreMap | undefined, alerts: readonly Alert[]) {
  useEffect(() => {
    if (!map || map.getSource('alerts')) return;
    map.addSource('alerts', { type: 'geojson', data: empty });
    map.addLayer({
      id: 'alerts-ring',
      type: 'circle',
      source: 'alerts',
      paint: {
        'circle-radius': ['case', ['get', 'urgent'], 14, 10],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-width': ['case', ['get', 'urgent'], 4, 3],
        'circle-stroke-color': ['case', ['get', 'urgent'], '#d50000', '#ef6c00'],
      },
    });
  }, [map]);
  useEffect(() => {
    const source = map?.getSource('alerts') as GeoJSONSource | undefined;
    source?.setData({
      type: 'FeatureCollection',
      features: alerts.flatMap((alert) =>
        alert.location && alert.state !== 'resolved'
          ? [
              {
                type: 'Feature' as const,
                properties: { id: alert.id, urgent: isUrgent(alert) },
                geometry: { type: 'Point' as const, coordinates: [alert.location.lon, alert.location.lat] },
              },
            ]
          : [],
      ),
    });
  }, [map, alerts]);
}
