import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { DataTable } from '../common/DataTable.js';
import { ErrorState } from '../common/States.js';
import { formatKm, formatNumber } from '../i18n/format.js';
import { LevelBadge } from './LevelBadge.js';
import type { RouteAnswer } from './RiskScreen.js';
import type { LatLon } from './riskLayers.js';

/** A route clicked on the map, waypoint by waypoint, assessed: its worst level, its stretches, and what the agreement asks. */
export function RoutePanel(props: {
  waypoints: LatLon[];
  onWaypoints: (waypoints: LatLon[]) => void;
  route: RouteAnswer | undefined;
  onRoute: (route: RouteAnswer) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const { waypoints, route } = props;
  const assess = async () => {
    setError(undefined);
    setBusy(true);
    try {
      props.onRoute(await api.post('/api/v1/risk/route', { waypoints }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="risk-section" aria-labelledby="route-title">
      <h2 id="route-title">{t('riskScreen.route.title')}</h2>
      <p>
        {t('riskScreen.route.waypoints', {
          count: waypoints.length,
          formatted: formatNumber(waypoints.length),
        })}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={waypoints.length < 2 || busy}
          onClick={() => void assess()}
        >
          {t('riskScreen.route.assess')}
        </button>
        <button
          type="button"
          disabled={waypoints.length === 0}
          onClick={() => props.onWaypoints(waypoints.slice(0, -1))}
        >
          {t('riskScreen.undo')}
        </button>
        <button type="button" disabled={waypoints.length === 0} onClick={() => props.onWaypoints([])}>
          {t('riskScreen.clear')}
        </button>
      </div>
      {error !== undefined && <ErrorState error={error} />}
      {route && (
        <div className="explanation" aria-live="polite">
          <p className="level-line">
            {t('riskScreen.route.worst')} <LevelBadge level={route.maxLevel} />
          </p>
          <p>{t('riskScreen.route.length', { km: formatKm(route.km) })}</p>
          <DataTable
            caption={t('riskScreen.route.segments')}
            className="risk-table"
            columns={[t('riskScreen.route.segment'), t('riskScreen.route.level'), t('riskScreen.route.km')]}
            rows={route.segments.map((s, i) => ({
              key: String(i),
              cells: [formatNumber(i + 1), <LevelBadge key="level" level={s.level} />, formatKm(s.km)],
            }))}
          />
          <Required required={route.required} />
        </div>
      )}
    </section>
  );
}

/** What the agreement in force asks of a movement at the route's worst level. */
function Required({ required }: { required: RouteAnswer['required'] }) {
  const { t } = useTranslation();
  if (!required) return <p className="hint">{t('riskScreen.route.noAgreement')}</p>;
  const parties = (list: string[]) => list.map((p) => t(`party.${p}`)).join(t('riskScreen.listSeparator'));
  return (
    <div className="required">
      <h3>
        {t('riskScreen.route.required', { version: required.agreementVersion, clause: required.clause })}
      </h3>
      <ul>
        {required.forbidden ? (
          <li>
            {t('riskScreen.route.forbidden')}
            {required.exemptionApprovals.length > 0 &&
              ' ' + t('riskScreen.route.exemption', { parties: parties(required.exemptionApprovals) })}
          </li>
        ) : (
          <>
            <li>{t('riskScreen.route.escorts', { count: required.armedEscortVehicles })}</li>
            {required.armouredPassengerVehicle && <li>{t('riskScreen.route.armoured')}</li>}
            {required.allowedHours && (
              <li>
                {t('riskScreen.route.hours', {
                  from: required.allowedHours.from,
                  to: required.allowedHours.to,
                  zone: required.timeZone,
                })}
              </li>
            )}
            {required.approvals.length > 0 && (
              <li>{t('riskScreen.route.approvals', { parties: parties(required.approvals) })}</li>
            )}
          </>
        )}
      </ul>
    </div>
  );
}
