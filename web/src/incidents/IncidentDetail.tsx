import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { tollParts, type Account, type Incident, type Toll } from './incident.js';
import { IncidentForm } from './IncidentForm.js';
import { placeOf } from './IncidentList.js';

type Loaded = {
  incident: Incident;
  accounts: { partyId: string; createdAt: string; body: Record<string, unknown> }[];
  differences: { field: string; values: Record<string, unknown> }[];
};

/** An incident's every field, each party's account of it, where they differ, and the viewer's own account to file. */
export function IncidentDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const detail = useApi(() => api.get('/api/v1/incidents/{id}', { id }) as Promise<Loaded>, [id]);
  const parties = useApi(() => api.get('/api/v1/parties'), []);
  const [editing, setEditing] = useState(false);
  const partyName = (partyId: string) =>
    partyId === me.partyId
      ? t('incidents.detail.yourParty')
      : (parties.data?.items.find((p) => p.id === partyId)?.name ?? partyId);

  if (detail.loading && !detail.data) return <Loading />;
  if (!detail.data) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  const { incident, accounts, differences } = detail.data;
  const mine = accounts.find((a) => a.partyId === me.partyId);

  return (
    <section className="panel incident-detail" aria-labelledby="incident-title">
      <h1 id="incident-title">
        {t('incidents.detail.title', {
          type: t(`enums.incidentType.${incident.type}`),
          date: formatDate(incident.date),
        })}
      </h1>
      {detail.error !== undefined && <ErrorState error={detail.error} onRetry={detail.reload} />}
      <IncidentFields incident={incident} />

      <h2>{t('incidents.detail.accounts')}</h2>
      <div className="accounts">
        {accounts.map((account) => (
          <article key={account.partyId} className="account" aria-labelledby={`account-${account.partyId}`}>
            <h3 id={`account-${account.partyId}`}>{partyName(account.partyId)}</h3>
            <p className="muted">
              {t('incidents.detail.filed', { date: formatDate(account.createdAt, true) })}
            </p>
            <AccountSummary account={account.body as Account} />
          </article>
        ))}
      </div>

      <h2>{t('incidents.detail.differences')}</h2>
      {differences.length === 0 ? (
        <p>{t('incidents.detail.noDifferences')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t('incidents.detail.differencesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incidents.detail.field')}</th>
                {accounts.map((a) => (
                  <th scope="col" key={a.partyId}>
                    {partyName(a.partyId)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {differences.map((difference) => (
                <tr key={difference.field}>
                  <th scope="row">{t(`incidents.field.${difference.field}`)}</th>
                  {accounts.map((a) => (
                    <td key={a.partyId}>
                      <Value field={difference.field} value={difference.values[a.partyId]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {can(me, 'incident.write') && (
        <>
          <h2>{t('incidents.detail.yourAccount')}</h2>
          {editing ? (
            <IncidentForm
              initial={(mine?.body as Account | undefined) ?? accountFrom(incident)}
              submitLabel={t('incidents.detail.saveAccount')}
              onCancel={() => setEditing(false)}
              onSubmit={async (account) => {
                await api.put('/api/v1/incidents/{id}/accounts/mine', account, { id });
                setEditing(false);
                detail.reload();
              }}
            />
          ) : (
            <button type="button" className="primary" onClick={() => setEditing(true)}>
              {mine ? t('incidents.detail.editAccount') : t('incidents.detail.fileAccount')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** The reconciled incident as a starting point for a party that has not filed its own account. */
function accountFrom(incident: Incident): Partial<Account> {
  const { id: _id, sourceKey: _key, accounts: _n, createdAt: _c, updatedAt: _u, ...rest } = incident;
  return rest as Partial<Account>;
}

/** Every field of the reconciled incident. */
function IncidentFields({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const rows: [string, ReactNode][] = [
    ['date', <Value field="date" value={incident.date} />],
    ['datePrecision', t(`incidents.datePrecision.${incident.datePrecision}`)],
    ['where', placeOf(incident)],
    ['lat', formatNumber(incident.lat, 5)],
    ['lon', formatNumber(incident.lon, 5)],
    ['geoPrecision', incident.geoPrecision && t(`incidents.geoPrecision.${incident.geoPrecision}`)],
    ['type', <Value field="type" value={incident.type} />],
    ['subType', incident.subType],
    ['perpetrator', incident.perpetrator],
    ['opponent', incident.opponent],
    ['claimed', <Value field="claimed" value={incident.claimed} />],
    ['target', <Value field="target" value={incident.target} />],
    ['killed', <Value field="killed" value={incident.killed} />],
    ['wounded', <Value field="wounded" value={incident.wounded} />],
    ['kidnapped', formatNumber(incident.kidnapped)],
    ['status', <Value field="status" value={incident.status} />],
    ['statusStatement', incident.statusStatement],
    ['description', incident.description],
    ['sourceKey', incident.sourceKey],
    ['accountCount', formatNumber(incident.accounts)],
    ['createdAt', formatDate(incident.createdAt, true)],
    ['updatedAt', formatDate(incident.updatedAt, true)],
  ];
  return (
    <dl className="details incident-fields">
      {rows.map(([field, value]) => (
        <div key={field}>
          <dt>{t(`incidents.field.${field}`)}</dt>
          <dd>
            {value === null || value === '' ? <span className="muted">{t('common.none')}</span> : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One party's account, briefly: what it says happened and its sources with their Admiralty grade. */
function AccountSummary({ account }: { account: Account }) {
  const { t } = useTranslation();
  const fields = ['date', 'type', 'killed', 'wounded', 'perpetrator', 'target', 'status'] as const;
  return (
    <dl className="details">
      <div>
        <dt>{t('incidents.field.where')}</dt>
        <dd>
          {placeOf({
            place: account.place ?? null,
            district: account.district ?? null,
            province: account.province ?? null,
          })}
        </dd>
      </div>
      {fields.map((field) => (
        <div key={field}>
          <dt>{t(`incidents.field.${field}`)}</dt>
          <dd>
            <Value field={field} value={account[field]} />
          </dd>
        </div>
      ))}
      <div>
        <dt>{t('incidents.detail.sources')}</dt>
        <dd>
          {(account.sources ?? []).length === 0 ? (
            <span className="muted">{t('common.none')}</span>
          ) : (
            <ul className="sources">
              {(account.sources ?? []).map((source, i) => (
                <li key={i}>
                  {source.url ? (
                    <a href={source.url} rel="noreferrer noopener" target="_blank">
                      {source.title || source.publisher}
                    </a>
                  ) : (
                    source.title || source.publisher
                  )}{' '}
                  <span
                    className="grade"
                    title={t('incidents.detail.gradeTitle', {
                      reliability: t(`incidents.reliability.${source.reliability}`),
                      credibility: t(`incidents.credibility.${source.credibility}`),
                    })}
                  >
                    {t('incidents.detail.grade', { grade: `${source.reliability}${source.credibility}` })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** A field's value in the viewer's language: enums translated, tolls as best (low–high), dates localised. */
function Value({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '')
    return <span className="muted">{t('common.none')}</span>;
  switch (field) {
    case 'date':
      return <>{formatDate(String(value))}</>;
    case 'type':
      return <>{t(`enums.incidentType.${String(value)}`)}</>;
    case 'status':
      return <>{t(`enums.incidentStatus.${String(value)}`)}</>;
    case 'target':
      return <>{t(`incidents.target.${String(value)}`)}</>;
    case 'claimed':
      return <>{t(`incidents.claimed.${String(value)}`)}</>;
    case 'killed':
    case 'wounded':
      return <>{tollText(value as Toll, t)}</>;
    default:
      return <>{typeof value === 'number' ? formatNumber(value) : String(value)}</>;
  }
}

function tollText(toll: Toll, t: (key: string, options?: Record<string, unknown>) => string): string {
  const known = tollParts.filter((part) => toll[part] != null);
  if (known.length === 0) return t('common.none');
  const { best, low, high } = toll;
  const main =
    low != null && high != null && low !== high
      ? t('incidents.toll.range', {
          best: formatNumber(best ?? low),
          low: formatNumber(low),
          high: formatNumber(high),
        })
      : formatNumber(best ?? low ?? high);
  const parts = (['civilians', 'security', 'militants', 'foreignNationals', 'unknown'] as const)
    .filter((part) => toll[part] != null)
    .map((part) => `${t(`incidents.toll.${part}`)} ${formatNumber(toll[part])}`);
  return [main, ...parts].filter(Boolean).join(' · ');
}
