import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, urlOf } from '../api/client.js';
import { navigate, useQuery } from '../app/router.js';
import { AppLink } from '../common/AppLink.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import {
  filterNames,
  filtersOf,
  incidentStatuses,
  incidentsPath,
  incidentTypes,
  targets,
  type Filters,
  type Incident,
} from './incident.js';
import { IncidentLink } from './IncidentLink.js';

const pageSize = 50;

/** Where an incident happened, as precisely as it is known. */
export function placeOf(incident: Pick<Incident, 'place' | 'district' | 'province'>): string {
  return [incident.place, incident.district, incident.province].filter(Boolean).join(', ');
}

/**
 * Incidents, newest first, with every filter the API takes kept in the address (a shareable link),
 * paged by the API's cursor, and the same selection as CSV and GeoJSON.
 */
export function IncidentList() {
  const { t } = useTranslation();
  const query = useQuery();
  const filters = filtersOf(query);
  const after = query.get('after') ?? undefined;
  const key = JSON.stringify(filters);
  const page = useApi(
    () => api.get('/api/v1/incidents', {}, { ...filters, limit: pageSize, after }),
    [key, after],
  );
  const items = page.data?.items ?? [];

  return (
    <section className="panel incidents-list" aria-labelledby="incidents-list-title">
      <h1 id="incidents-list-title">{t('incidents.list.title')}</h1>
      <FilterForm key={key} filters={filters} />
      <p className="exports">
        {t('incidents.list.export')}{' '}
        <a href={urlOf('/api/v1/incidents.csv', {}, filters)} download>
          {t('incidents.list.csv')}
        </a>{' '}
        <a href={urlOf('/api/v1/incidents.geojson', {}, filters)} download="jsms-incidents.geojson">
          {t('incidents.list.geojson')}
        </a>
      </p>
      {page.loading && !page.data && <Loading />}
      {page.error !== undefined && <ErrorState error={page.error} onRetry={page.reload} />}
      {page.data && items.length === 0 && <Empty>{t('incidents.list.empty')}</Empty>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="incident-table" aria-busy={page.loading}>
            <caption>
              {t('incidents.list.caption', { count: items.length, formatted: formatNumber(items.length) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('incidents.field.date')}</th>
                <th scope="col">{t('incidents.field.type')}</th>
                <th scope="col">{t('incidents.field.where')}</th>
                <th scope="col" className="number">
                  {t('incidents.list.killed')}
                </th>
                <th scope="col" className="number">
                  {t('incidents.list.wounded')}
                </th>
                <th scope="col">{t('incidents.field.perpetrator')}</th>
                <th scope="col">{t('incidents.field.status')}</th>
                <th scope="col" className="number">
                  {t('incidents.list.accounts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((incident) => (
                <tr key={incident.id}>
                  <td>
                    <IncidentLink id={incident.id}>{formatDate(incident.date)}</IncidentLink>
                  </td>
                  <td>{t(`enums.incidentType.${incident.type}`)}</td>
                  <td>{placeOf(incident)}</td>
                  <td className="number">{formatNumber(incident.killed.best)}</td>
                  <td className="number">{formatNumber(incident.wounded.best)}</td>
                  <td>{incident.perpetrator}</td>
                  <td>{t(`enums.incidentStatus.${incident.status}`)}</td>
                  <td className="number">{formatNumber(incident.accounts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t('incidents.list.pages')}>
        {after && <AppLink to={incidentsPath('', filters)}>{t('incidents.list.first')}</AppLink>}
        {page.data?.next && (
          <AppLink to={incidentsPath('', { ...filters, after: page.data.next })}>
            {t('incidents.list.next')}
          </AppLink>
        )}
      </nav>
    </section>
  );
}

/** The filters as typed; applying them puts them in the address, which loads the list. */
function FilterForm({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Filters>(filters);
  const set = (name: keyof Filters, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const text = (name: keyof Filters, type = 'text') => (
    <div className="field" key={name}>
      <label htmlFor={`filter-${name}`}>{t(`incidents.filter.${name}`)}</label>
      <input
        id={`filter-${name}`}
        name={name}
        type={type}
        value={values[name] ?? ''}
        onChange={(e) => set(name, e.target.value)}
      />
    </div>
  );
  const choice = (name: keyof Filters, options: readonly string[], label: (o: string) => string) => (
    <div className="field" key={name}>
      <label htmlFor={`filter-${name}`}>{t(`incidents.filter.${name}`)}</label>
      <select
        id={`filter-${name}`}
        name={name}
        value={values[name] ?? ''}
        onChange={(e) => set(name, e.target.value)}
      >
        <option value="">{t('incidents.filter.any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      className="filters"
      role="search"
      aria-label={t('incidents.filter.label')}
      onSubmit={(event) => {
        event.preventDefault();
        navigate(incidentsPath('', values));
      }}
    >
      <div className="field-grid">
        {text('from', 'date')}
        {text('to', 'date')}
        {text('province')}
        {text('district')}
        {choice('type', incidentTypes, (o) => t(`enums.incidentType.${o}`))}
        {text('perpetrator')}
        {choice('target', targets, (o) => t(`incidents.target.${o}`))}
        {choice('status', incidentStatuses, (o) => t(`enums.incidentStatus.${o}`))}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('incidents.filter.apply')}
        </button>
        {filterNames.some((name) => filters[name]) && (
          <button type="button" onClick={() => navigate(incidentsPath())}>
            {t('incidents.filter.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
