import { useTranslation } from 'react-i18next';
import { api, type Query } from '../api/client.js';
import { can } from '../app/can.js';
import { navigate, useQuery } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import type { KindSpec, RegistryRecord } from './kinds.js';
import { ShownPlace, ShownValue } from './Shown.js';
import { useSiteNames } from './useSiteNames.js';

/** The records of a kind the viewer may see, filtered by the address's query, a page at a time. */
export function RecordList({ spec }: { spec: KindSpec }) {
  const { t } = useTranslation();
  const me = useMe();
  const params = useQuery();
  const { names, sites } = useSiteNames();
  const query: Query = { limit: 50 };
  for (const filter of spec.filters) query[filter.name] = params.get(filter.name) ?? undefined;
  query.includeInactive = params.get('includeInactive') === 'true' ? true : undefined;
  query.after = params.get('after') ?? undefined;
  const list = useApi(
    async () => (await api.get(spec.path, {}, query)) as { items: RegistryRecord[]; next: string | null },
    [spec.kind, params.toString()],
  );
  const listed = spec.fields.filter((f) => f.listed);
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('after');
    const search = next.toString();
    navigate(`/registry/${spec.kind}${search ? `?${search}` : ''}`);
  };

  return (
    <>
      <form
        className="filters"
        role="search"
        aria-label={t('registry.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        {spec.filters.map((filter) => (
          <label key={filter.name}>
            {t(`registry.filter.${filter.name}`)}
            {filter.values ? (
              <select
                value={params.get(filter.name) ?? ''}
                onChange={(e) => setFilter(filter.name, e.target.value)}
              >
                <option value="">{t('registry.any')}</option>
                {filter.values.map((value) => (
                  <option key={value} value={value}>
                    {t(`${filter.labels}.${value}`)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                key={params.get(filter.name) ?? ''}
                type="search"
                defaultValue={params.get(filter.name) ?? ''}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setFilter(filter.name, e.currentTarget.value.trim());
                }}
                onBlur={(e) => setFilter(filter.name, e.currentTarget.value.trim())}
              />
            )}
          </label>
        ))}
        <label className="inline">
          <input
            type="checkbox"
            checked={params.get('includeInactive') === 'true'}
            onChange={(e) => setFilter('includeInactive', e.target.checked ? 'true' : '')}
          />
          {t('registry.includeInactive')}
        </label>
      </form>
      {can(me, spec.write) && (
        <p className="actions">
          <AppLink className="button" to={`/registry/${spec.kind}/new`}>
            {t(`registry.${spec.kind}.new`)}
          </AppLink>
          {spec.kind === 'persons' && (
            <AppLink className="button" to="/registry/persons/import">
              {t('registry.import.title')}
            </AppLink>
          )}
        </p>
      )}
      {list.error !== undefined && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty>{t(`registry.${spec.kind}.empty`)}</Empty>}
      {list.data && <DecidedBy records={list.data.items} />}
      {list.data && list.data.items.length > 0 && (
        <div className="table-scroll" aria-busy={list.loading}>
          <table className="records">
            <caption>{t(`registry.${spec.kind}.caption`)}</caption>
            <thead>
              <tr>
                {listed.map((field) => (
                  <th key={field.name} scope="col">
                    {t(`registry.field.${field.name}`)}
                  </th>
                ))}
                {(spec.located || spec.placedBy) && <th scope="col">{t('registry.field.location')}</th>}
                <th scope="col">{t('registry.field.party')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((record) => (
                <tr key={record.id}>
                  {listed.map((field, index) => (
                    <td key={field.name}>
                      {index === 0 ? (
                        <AppLink to={`/registry/${spec.kind}/${encodeURIComponent(record.id)}`}>
                          <ShownValue record={record} field={field} siteNames={names} />
                        </AppLink>
                      ) : (
                        <ShownValue record={record} field={field} siteNames={names} />
                      )}
                    </td>
                  ))}
                  {(spec.located || spec.placedBy) && (
                    <td>
                      <ShownPlace spec={spec} record={record} sites={sites} />
                    </td>
                  )}
                  <td>{record.partyId === me.partyId ? t('registry.ours') : record.partyId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.next && (
        <p>
          <AppLink to={`/registry/${spec.kind}?${withAfter(params, list.data.next)}`}>
            {t('registry.nextPage')}
          </AppLink>
        </p>
      )}
    </>
  );
}

function withAfter(params: URLSearchParams, after: string) {
  const next = new URLSearchParams(params);
  next.set('after', after);
  return next.toString();
}

/** Which agreement version decided what the viewer sees of the other parties' records on the page. */
function DecidedBy({ records }: { records: RegistryRecord[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const version = records.find((r) => r.partyId !== me.partyId)?.agreementVersion;
  if (version == null) return null;
  return (
    <p className="decided-by">
      <AppLink to="/agreement">{t('registry.decidedBy', { version })}</AppLink>
    </p>
  );
}
