import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import type { Loaded } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { LevelBadge } from './LevelBadge.js';
import type { LatLon } from './riskLayers.js';
import { ZoneForm } from './ZoneForm.js';

type Zone = components['schemas']['RiskZone'];

/**
 * The manual zones, pending and in force: why a zone waits for the other party, and the sign-off
 * or withdrawal the viewer may give; and drawing a new one, for analysts and admins.
 */
export function ZonesPanel(props: {
  zones: Loaded<{ items: Zone[] }>;
  corners: LatLon[] | undefined;
  onCorners: (corners: LatLon[] | undefined) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const { zones, corners } = props;
  const [actionError, setActionError] = useState<unknown>();
  const act = async (zone: Zone, action: 'approve' | 'withdraw') => {
    setActionError(undefined);
    try {
      await api.post(`/api/v1/risk/zones/{id}/${action}` as '/api/v1/risk/zones/{id}/approve', undefined, {
        id: zone.id,
      });
      zones.reload();
    } catch (error) {
      setActionError(error);
    }
  };
  const items = zones.data?.items.filter((z) => z.status !== 'withdrawn') ?? [];
  return (
    <section className="risk-section" aria-labelledby="zones-title">
      <h2 id="zones-title">{t('riskScreen.zones.title')}</h2>
      {can(me, 'risk.zone') &&
        (corners ? (
          <ZoneForm
            corners={corners}
            onCorners={props.onCorners}
            onSaved={() => {
              props.onCorners(undefined);
              zones.reload();
            }}
          />
        ) : (
          <button type="button" className="primary" onClick={() => props.onCorners([])}>
            {t('riskScreen.zones.draw')}
          </button>
        ))}
      {zones.loading && !zones.data && <Loading />}
      {zones.error !== undefined && <ErrorState error={zones.error} onRetry={zones.reload} />}
      {actionError !== undefined && <ErrorState error={actionError} />}
      {zones.data && items.length === 0 && <Empty>{t('riskScreen.zones.empty')}</Empty>}
      <ul className="zone-list">
        {items.map((zone) => {
          const ours = zone.partyId === me.partyId;
          return (
            <li key={zone.id} className="zone-item" data-status={zone.status}>
              <p className="zone-head">
                <LevelBadge level={zone.level} />
                <span className={`zone-status zone-${zone.status}`}>
                  {t(`enums.zoneStatus.${zone.status}`)}
                </span>
              </p>
              <p className="zone-reason">{zone.reason}</p>
              <p className="hint">
                {t(ours ? 'riskScreen.zones.ours' : 'riskScreen.zones.theirs', {
                  date: formatDate(zone.createdAt),
                })}
                {zone.areaKm2 !== null &&
                  ' · ' + t('riskScreen.zones.area', { area: formatNumber(zone.areaKm2) })}
                {' · '}
                {zone.expiresAt
                  ? t('riskScreen.zones.expires', { date: formatDate(zone.expiresAt, true) })
                  : t('riskScreen.zones.noExpiry')}
              </p>
              {zone.signOff && (
                <p className="sign-off">
                  {t(zone.status === 'pending' ? 'riskScreen.zones.waits' : 'riskScreen.zones.waited', {
                    reason: t(`riskScreen.signOff.${zone.signOff}`),
                  })}
                  {zone.approvedAt &&
                    ' ' + t('riskScreen.zones.signedOff', { date: formatDate(zone.approvedAt, true) })}
                </p>
              )}
              <div className="button-row">
                {zone.status === 'pending' && !ours && can(me, 'risk.zone.approve') && (
                  <button type="button" className="primary" onClick={() => void act(zone, 'approve')}>
                    {t('actions.approveZone')}
                  </button>
                )}
                {ours && can(me, 'risk.zone') && (
                  <button type="button" onClick={() => void act(zone, 'withdraw')}>
                    {t('actions.withdrawZone')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
