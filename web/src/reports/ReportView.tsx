import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema.js';
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
            <div className="table-scroll">
              <table className="report-table">
                <caption className="visually-hidden">{t('reports.categories.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.categories.category')}</th>
                    <th scope="col">{t('reports.columns.killed')}</th>
                    <th scope="col">{t('reports.columns.wounded')}</th>
                  </tr>
                </thead>
                <tbody>
                  {categories.map((category) => (
                    <tr key={category}>
                      <th scope="row">{t(`reports.categories.${category.toLowerCase()}`)}</th>
                      <td>{formatNumber(totals[`killed${category}`])}</td>
                      <td>{formatNumber(totals[`wounded${category}`])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
            nameOf={label('reports.targets')}
          />
          <GroupTable id="monthly" title={t('reports.tables.monthly')} groups={report.monthly} />
          <GroupTable id="quarterly" title={t('reports.tables.quarterly')} groups={report.quarterly} />
          <GroupTable id="yearly" title={t('reports.tables.yearly')} groups={report.yearly} />

          {report.apart.length > 0 && (
            <section className="report-section" aria-labelledby="report-apart">
              <h2 id="report-apart">{t('reports.apart.title')}</h2>
              <p className="hint">{t('reports.apart.note')}</p>
              <div className="table-scroll">
                <table className="report-table">
                  <caption className="visually-hidden">{t('reports.apart.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('reports.apart.kind')}</th>
                      <th scope="col">{t('reports.columns.incidents')}</th>
                      <th scope="col">{t('reports.columns.killed')}</th>
                      <th scope="col">{t('reports.columns.wounded')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.apart.map((a) => (
                      <tr key={a.kind}>
                        <th scope="row">{t(`reports.apart.${a.kind}`)}</th>
                        <td>{formatNumber(a.incidents)}</td>
                        <td>{formatNumber(a.killed)}</td>
                        <td>{formatNumber(a.wounded)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}

          {report.deadliest.length > 0 && (
            <section className="report-section" aria-labelledby="report-deadliest">
              <h2 id="report-deadliest">{t('reports.deadliest')}</h2>
              <div className="table-scroll">
                <table className="report-table">
                  <caption className="visually-hidden">{t('reports.deadliest')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('fields.date')}</th>
                      <th scope="col">{t('fields.place')}</th>
                      <th scope="col">{t('fields.incidentType')}</th>
                      <th scope="col">{t('fields.perpetrator')}</th>
                      <th scope="col">{t('reports.columns.killed')}</th>
                      <th scope="col">{t('reports.columns.wounded')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.deadliest.map((d) => (
                      <tr key={d.id}>
                        <th scope="row">{formatDate(d.date)}</th>
                        <td>{[d.place, d.province].filter(Boolean).join(t('reports.listSeparator'))}</td>
                        <td>{label('enums.incidentType')(d.type)}</td>
                        <td>{d.perpetrator ?? t('common.none')}</td>
                        <td>{formatNumber(d.killed)}</td>
                        <td>{formatNumber(d.wounded)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
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
