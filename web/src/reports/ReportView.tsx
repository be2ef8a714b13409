import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema.js';
import { DataTable } from '../common/DataTable.js';
import { Empty } from '../common/States.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { GroupTable } from './GroupTable.js';
import { Headline } from './Headline.js';
import { choices } from './reportQuery.js';

type Report = components['schemas']['PeriodReport'];

const citedDatasets = new Set(['ucdp', 'acled', 'gtd']);
const categories = ['Civilians', 'Security', 'Militants', 'Foreign', 'Unknown', 'Unattributed'] as const;

/** The report as a printable document: headline figures, breakdowns, the deadliest, the sources. */
export function ReportView({ report, busy }: { report: Report; busy: boolean }) {
  const { t, i18n } = useTranslation();
  // A value the API gives as a code (a type, a target) in the viewer's language; names as given.
  const label = (prefix: string) => (name: string) =>
    i18n.exists(`${prefix}.${name}`) ? t(`${prefix}.${name}`) : name;
  const filters = Object.entries(report.filters).map(([key, value]) => {
    const choice = choices[key as keyof typeof choices];
    return `${t(`reports.filters.${key}`)}: ${choice ? label(choice.labels)(value) : value}`;
  });
  const totals = report.totals;
  return (
    <article className="report" aria-busy={busy} aria-labelledby="report-title">
      <header className="report-head">
        <h1 id="report-title">{t('reports.title')}</h1>
        <p className="report-period">
          {t('reports.period', { from: formatDate(report.period.from), to: formatDate(report.period.to) })}
        </p>
        {report.previous && (
          <p className="muted">
            {t('reports.previousPeriod', {
              from: formatDate(report.previous.period.from),
              to: formatDate(report.previous.period.to),
            })}
          </p>
        )}
        <p className="muted">
          {filters.length ? t('reports.filtered', { filters: filters.join('; ') }) : t('reports.unfiltered')}
        </p>
      </header>

      <Headline report={report} />
      {totals.incidents === 0 ? (
        <Empty>{t('reports.empty')}</Empty>
      ) : (
        <>
          <section className="report-section" aria-labelledby="report-categories">
            <h2 id="report-categories">{t('reports.categories.title')}</h2>
            <DataTable
              caption={t('reports.categories.title')}
              hideCaption
              className="report-table"
              columns={[
                t('reports.categories.category'),
                t('reports.columns.killed'),
                t('reports.columns.wounded'),
              ]}
              rows={categories.map((category) => ({
                key: category,
                cells: [
                  t(`reports.categories.${category.toLowerCase()}`),
                  formatNumber(totals[`killed${category}`]),
                  formatNumber(totals[`wounded${category}`]),
                ],
              }))}
            />
            <p className="hint">{t('reports.categories.note')}</p>
          </section>

          {report.topProvinces && (
            <p className="report-note">
              {t('reports.topProvinces', {
                names: report.topProvinces.names.join(t('reports.listSeparator')),
                incidents: t('reports.percent', {
                  value: formatNumber(report.topProvinces.incidentsShare, 1),
                }),
                killed: t('reports.percent', { value: formatNumber(report.topProvinces.killedShare, 1) }),
              })}
            </p>
          )}
          <GroupTable id="by-province" title={t('reports.tables.byProvince')} groups={report.byProvince} />
          <GroupTable
            id="by-type"
            title={t('reports.tables.byType')}
            groups={report.byType}
            nameOf={label('enums.incidentType')}
          />
          <GroupTable
            id="by-perpetrator"
            title={t('reports.tables.byPerpetrator')}
            groups={report.byPerpetrator}
            chart="killed"
          />
          <GroupTable
            id="by-group"
            title={t('reports.tables.byGroup')}
            groups={report.byGroup}
            chart="killed"
          />
          <GroupTable
            id="by-target"
            title={t('reports.tables.byTarget')}
            groups={report.byTarget}
            nameOf={label(choices.target.labels)}
          />
          <GroupTable id="monthly" title={t('reports.tables.monthly')} groups={report.monthly} />
          <GroupTable id="quarterly" title={t('reports.tables.quarterly')} groups={report.quarterly} />
          <GroupTable id="yearly" title={t('reports.tables.yearly')} groups={report.yearly} />

          {report.apart.length > 0 && (
            <section className="report-section" aria-labelledby="report-apart">
              <h2 id="report-apart">{t('reports.apart.title')}</h2>
              <p className="hint">{t('reports.apart.note')}</p>
              <DataTable
                caption={t('reports.apart.title')}
                hideCaption
                className="report-table"
                columns={[
                  t('reports.apart.kind'),
                  t('reports.columns.incidents'),
                  t('reports.columns.killed'),
                  t('reports.columns.wounded'),
                ]}
                rows={report.apart.map((a) => ({
                  key: a.kind,
                  cells: [
                    t(`reports.apart.${a.kind}`),
                    formatNumber(a.incidents),
                    formatNumber(a.killed),
                    formatNumber(a.wounded),
                  ],
                }))}
              />
            </section>
          )}

          {report.deadliest.length > 0 && (
            <section className="report-section" aria-labelledby="report-deadliest">
              <h2 id="report-deadliest">{t('reports.deadliest')}</h2>
              <DataTable
                caption={t('reports.deadliest')}
                hideCaption
                className="report-table"
                columns={[
                  t('fields.date'),
                  t('fields.place'),
                  t('fields.incidentType'),
                  t('fields.perpetrator'),
                  t('reports.columns.killed'),
                  t('reports.columns.wounded'),
                ]}
                rows={report.deadliest.map((d) => ({
                  key: d.id,
                  cells: [
                    formatDate(d.date),
                    [d.place, d.province].filter(Boolean).join(t('reports.listSeparator')),
                    label('enums.incidentType')(d.type),
                    d.perpetrator ?? t('common.none'),
                    formatNumber(d.killed),
                    formatNumber(d.wounded),
                  ],
                }))}
              />
            </section>
          )}

          <section className="report-section" aria-labelledby="report-sources">
            <h2 id="report-sources">{t('reports.sources.title')}</h2>
            <ul className="report-sources">
              {report.sources.map((s) => (
                <li key={s.dataset}>
                  <strong>{t(`reports.datasets.${s.dataset}`)}</strong>{' '}
                  <span className="muted">{t('reports.sources.incidents', { count: s.incidents })}</span>
                  <br />
                  {citedDatasets.has(s.dataset) ? (
                    <cite lang="en">{s.citation}</cite>
                  ) : (
                    <span>{t(`reports.sources.${s.dataset}`)}</span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      <p className="report-method hint">
        {t('reports.method', { estimate: t(`reports.estimates.${report.estimate}`) })}
      </p>
    </article>
  );
}
