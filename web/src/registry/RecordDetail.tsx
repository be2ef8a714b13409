import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request, urlOf } from '../api/client.js';
import { can } from '../app/can.js';
import { navigate } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import type { KindSpec, RegistryRecord } from './kinds.js';
import { ShownPlace, ShownValue, Withheld } from './Shown.js';
import { useSiteNames } from './useSiteNames.js';
import { CheckinPanel } from '../alerts/CheckinPanel.js';

/** One record as the agreement lets the viewer see it, and, for its own party, edit and deactivate. */
export function RecordDetail({ spec, id }: { spec: KindSpec; id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const { names, sites } = useSiteNames();
  const loaded = useApi(
    async () => (await api.get(`${spec.path}/{id}` as '/api/v1/units/{id}', { id })) as RegistryRecord,
    [spec.kind, id],
  );
  const [actionError, setActionError] = useState<unknown>();
  const record = loaded.data;
  const mayWrite = record !== undefined && record.partyId === me.partyId && can(me, spec.write);
  const deactivate = async () => {
    if (!confirm(t('registry.deactivateConfirm'))) return;
    setActionError(undefined);
    try {
      await request('POST', urlOf(`${spec.path}/{id}/deactivate`, { id }));
      navigate(`/registry/${spec.kind}`);
    } catch (error) {
      setActionError(error);
    }
  };
  // Coordinates are shown once, as the location with its precision.
  const fields = spec.fields.filter((f) => !f.inLocation);

  return (
    <article className="record-detail" aria-labelledby="record-title">
      <p>
        <AppLink to={`/registry/${spec.kind}`}>{t(`registry.${spec.kind}.back`)}</AppLink>
      </p>
      {loaded.loading && !record && <Loading />}
      {loaded.error !== undefined && <ErrorState error={loaded.error} onRetry={loaded.reload} />}
      {record && (
        <>
          <h2 id="record-title">
            {record.withheld.includes(spec.title) ? (
              <Withheld />
            ) : (
              String((record as unknown as Record<string, unknown>)[spec.title] ?? '')
            )}
          </h2>
          <dl className="details">
            {fields.map((field) => (
              <div key={field.name} data-field={field.name}>
                <dt>{t(`registry.field.${field.name}`)}</dt>
                <dd>
                  <ShownValue record={record} field={field} siteNames={names} />
                </dd>
              </div>
            ))}
            {(spec.located || spec.placedBy) && (
              <div data-field="location">
                <dt>{t('registry.field.location')}</dt>
                <dd>
                  <ShownPlace spec={spec} record={record} sites={sites} />
                </dd>
              </div>
            )}
            <div data-field="party">
              <dt>{t('registry.field.party')}</dt>
              <dd>{record.partyId === me.partyId ? t('registry.ours') : record.partyId}</dd>
            </div>
            <div data-field="agreementVersion">
              <dt>{t('registry.field.agreementVersion')}</dt>
              <dd>
                {record.agreementVersion == null ? (
                  <span className="muted">{t('registry.noAgreement')}</span>
                ) : (
                  <AppLink to="/agreement">
                    {t('registry.version', { version: record.agreementVersion })}
                  </AppLink>
                )}
              </dd>
            </div>
          </dl>
          {record.withheld.length > 0 && (
            <p className="hint">{t('registry.withheldCount', { count: record.withheld.length })}</p>
          )}
          {mayWrite && (
            <p className="actions">
              <AppLink className="button" to={`/registry/${spec.kind}/${encodeURIComponent(id)}/edit`}>
                {t('registry.edit')}
              </AppLink>
              <button type="button" onClick={() => void deactivate()}>
                {t('registry.deactivate')}
              </button>
            </p>
          )}
          {actionError !== undefined && <ErrorState error={actionError} />}
          {spec.kind === 'persons' && can(me, 'checkin.read') && (
            <CheckinPanel subject={{ type: 'person', id }} partyId={record.partyId} />
          )}
        </>
      )}
    </article>
  );
}
