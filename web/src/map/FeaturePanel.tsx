import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatKm, formatNumber } from '../i18n/format.js';
import { IncidentLink } from '../incidents/IncidentLink.js';

export interface Selected {
  kind: 'site' | 'unit' | 'incident' | 'zone' | 'live';
  id: string;
  precision?: string | undefined;
}

type Site = components['schemas']['Site'];
type Unit = components['schemas']['Unit'];
type Zone = components['schemas']['RiskZone'];
type Row = [label: string, value: string | number | null | undefined, field?: string];

async function load(
  selected: Selected,
): Promise<{ rows: Row[]; withheld: string[]; zone?: Zone; location?: unknown }> {
  switch (selected.kind) {
    case 'site': {
      const site = (await api.get('/api/v1/sites/{id}', { id: selected.id })) as Site;
      return {
        withheld: site.withheld,
        location: site.location,
        rows: [
          ['fields.name', site.name, 'name'],
          ['fields.siteKind', site.kind && `enums.siteKind.${site.kind}`, 'kind'],
          ['fields.city', site.city, 'city'],
          ['fields.protectionLevel', site.protectionLevel, 'protectionLevel'],
        ],
      };
    }
    case 'unit': {
      const unit = (await api.get('/api/v1/units/{id}', { id: selected.id })) as Unit;
      // A unit is where its base is, as the viewer is shown that site (see mapData.loadUnits).
      const base = unit.baseSiteId
        ? ((await api.get('/api/v1/sites/{id}', { id: unit.baseSiteId })) as Site)
        : undefined;
      return {
        withheld: unit.withheld,
        location: unit.location ?? base?.location ?? null,
        rows: [
          ['fields.callSign', unit.callSign, 'callSign'],
          ['fields.unitKind', unit.kind && `enums.unitKind.${unit.kind}`, 'kind'],
          ['fields.unitStatus', unit.status && `enums.unitStatus.${unit.status}`, 'status'],
          ['fields.strength', unit.strength, 'strength'],
          ['fields.vehicles', unit.vehicles, 'vehicles'],
          ['fields.armouredVehicles', unit.armouredVehicles, 'armouredVehicles'],
        ],
      };
    }
    case 'incident': {
      const { incident } = await api.get('/api/v1/incidents/{id}', { id: selected.id });
      return {
        withheld: [],
        rows: [
          ['fields.date', formatDate(incident.date)],
          ['fields.incidentType', `enums.incidentType.${incident.type}`],
          ['fields.place', [incident.place, incident.district, incident.province].filter(Boolean).join(', ')],
          ['fields.killed', incident.killed.best],
          ['fields.wounded', incident.wounded.best],
          ['fields.perpetrator', incident.perpetrator],
          ['fields.incidentStatus', `enums.incidentStatus.${incident.status}`],
        ],
      };
    }
    case 'live':
      // Live subjects have their own panel (tracking/LivePanel); nothing to load here.
      return { withheld: [], rows: [] };
    case 'zone': {
      const { items } = (await api.get('/api/v1/risk/zones')) as { items: Zone[] };
      const zone = items.find((z) => z.id === selected.id);
      if (!zone) return { withheld: [], rows: [] };
      return {
        withheld: [],
        zone,
        rows: [
          ['fields.level', zone.level],
          ['fields.reason', zone.reason],
          ['fields.zoneStatus', `enums.zoneStatus.${zone.status}`],
          ['fields.expiresAt', formatDate(zone.expiresAt, true)],
          ['fields.area', zone.areaKm2 == null ? null : formatNumber(zone.areaKm2) + ' km²'],
        ],
      };
    }
  }
}

/** The side panel of whatever was clicked on the map: its details and what the viewer may do with it. */
export function FeaturePanel(props: { selected: Selected; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { selected } = props;
  const details = useApi(() => load(selected), [selected.kind, selected.id]);
  const [actionError, setActionError] = useState<unknown>();
  const shown = (value: Row[1]) =>
    typeof value === 'string' && value.startsWith('enums.')
      ? t(value)
      : typeof value === 'number'
        ? formatNumber(value)
        : value;
  const zone = details.data?.zone;
  const act = async (action: 'approve' | 'withdraw') => {
    setActionError(undefined);
    try {
      await api.post(`/api/v1/risk/zones/{id}/${action}` as '/api/v1/risk/zones/{id}/approve', undefined, {
        id: selected.id,
      });
      details.reload();
      props.onChanged();
    } catch (error) {
      setActionError(error);
    }
  };
  const location = details.data?.location as { precision: string; cellKm?: number } | null | undefined;

  return (
    <aside className="side-panel" aria-labelledby="panel-title">
      <header>
        <h2 id="panel-title">{t(`layers.kind.${selected.kind}`)}</h2>
        <button type="button" className="icon" onClick={props.onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      {details.loading && !details.data && <Loading />}
      {details.error !== undefined && <ErrorState error={details.error} onRetry={details.reload} />}
      {details.data && (
        <>
          <dl className="details">
            {details.data.rows.map(([label, value, field]) => (
              <div key={label}>
                <dt>{t(label)}</dt>
                <dd>
                  {field && details.data!.withheld.includes(field) ? (
                    <span className="withheld">{t('common.withheld')}</span>
                  ) : value === null || value === undefined || value === '' ? (
                    <span className="muted">{t('common.none')}</span>
                  ) : (
                    shown(value)
                  )}
                </dd>
              </div>
            ))}
            {location !== undefined && (
              <div>
                <dt>{t('fields.location')}</dt>
                <dd>
                  {location === null ? (
                    <span className="withheld">{t('common.withheld')}</span>
                  ) : location.precision === 'area' ? (
                    t('map.areaOf', { size: formatKm(location.cellKm ?? 0) })
                  ) : (
                    t('map.exact')
                  )}
                </dd>
              </div>
            )}
          </dl>
          {selected.kind === 'incident' && (
            <p>
              <IncidentLink id={selected.id}>{t('incidents.openDetail')}</IncidentLink>
            </p>
          )}
          {zone &&
            zone.status === 'pending' &&
            zone.partyId !== me.partyId &&
            can(me, 'risk.zone.approve') && (
              <button type="button" className="primary" onClick={() => void act('approve')}>
                {t('actions.approveZone')}
              </button>
            )}
          {zone && zone.status !== 'withdrawn' && zone.partyId === me.partyId && can(me, 'risk.zone') && (
            <button type="button" onClick={() => void act('withdraw')}>
              {t('actions.withdrawZone')}
            </button>
          )}
          {actionError !== undefined && <ErrorState error={actionError} />}
        </>
      )}
    </aside>
  );
}
