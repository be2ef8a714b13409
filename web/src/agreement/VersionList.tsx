import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, api } from '../api/client.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { SourceText } from './SourceText.js';

type Summary = Answer<'/api/v1/agreements', 'get'>['items'][number];

/** Every version, newest first: its status, who signed and who has yet to; sign or withdraw a proposal. */
export function VersionList({ selected }: { selected: number | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const list = useApi(() => api.get('/api/v1/agreements'), []);
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const act = async (action: 'sign' | 'withdraw', version: number) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await api.post(
        `/api/v1/agreements/{version}/${action}` as '/api/v1/agreements/{version}/sign',
        undefined,
        {
          version,
        },
      );
      list.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };
  const manages = can(me, 'agreement.manage');
  const inForce = list.data?.items.find((v) => v.status === 'in_force')?.version;

  if (list.error !== undefined) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.items.length === 0) return <Empty>{t('agreements.noVersions')}</Empty>;
  return (
    <>
      {actionError !== undefined && <ErrorState error={actionError} />}
      <div className="table-scroll" aria-busy={list.loading}>
        <table className="records versions">
          <caption>{t('agreements.versionsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agreements.version')}</th>
              <th scope="col">{t('agreements.status')}</th>
              <th scope="col">{t('agreements.proposed')}</th>
              <th scope="col">{t('agreements.signatures')}</th>
              <th scope="col">{t('agreements.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <th scope="row">
                  <AppLink to={`/agreement/versions/${v.version}`}>
                    {t('agreements.versionN', { version: v.version })}
                  </AppLink>
                </th>
                <td>
                  <span className={`status status-${v.status}`}>{t(`agreements.statusOf.${v.status}`)}</span>
                </td>
                <td>
                  {t('agreements.proposedBy', {
                    party: v.proposedPartyId,
                    date: formatDate(v.proposedAt, true),
                  })}
                </td>
                <td>
                  <Signatures version={v} />
                </td>
                <td className="actions">
                  {inForce !== undefined && inForce !== v.version && (
                    <AppLink
                      to={`/agreement/diff?from=${Math.min(inForce, v.version)}&to=${Math.max(inForce, v.version)}`}
                    >
                      {t('agreements.compareWithInForce')}
                    </AppLink>
                  )}
                  {manages && v.status === 'proposed' && v.awaiting.includes(me.partyId) && (
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      onClick={() => void act('sign', v.version)}
                    >
                      {t('agreements.sign', { version: v.version })}
                    </button>
                  )}
                  {manages && v.status === 'proposed' && v.proposedPartyId === me.partyId && (
                    <button type="button" disabled={busy} onClick={() => void act('withdraw', v.version)}>
                      {t('agreements.withdraw', { version: v.version })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected !== undefined && <VersionText version={selected} />}
    </>
  );
}

function Signatures({ version }: { version: Summary }) {
  const { t } = useTranslation();
  return (
    <ul className="signatures">
      {version.signatures.map((s) => (
        <li key={s.partyId}>
          {t('agreements.signedBy', { party: s.partyId, date: formatDate(s.signedAt, true) })}
        </li>
      ))}
      {version.status === 'proposed' &&
        version.awaiting.map((party) => (
          <li key={party} className="awaiting">
            {t('agreements.awaiting', { party })}
          </li>
        ))}
    </ul>
  );
}

/** One version's text, below the list. */
function VersionText({ version }: { version: number }) {
  const { t } = useTranslation();
  const loaded = useApi(() => api.get('/api/v1/agreements/{version}', { version }), [version]);
  if (loaded.error !== undefined) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return (
    <section aria-labelledby="version-text">
      <h2 id="version-text">{t('agreements.textOf', { version })}</h2>
      <SourceText source={loaded.data.source} label={t('agreements.textOf', { version })} />
    </section>
  );
}
