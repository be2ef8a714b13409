import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema.js';
import { formatNumber } from '../i18n/format.js';
import { BarChart } from './BarChart.js';

type Report = components['schemas']['PeriodReport'];
type Group = Report['byType'][number] & { incidentsShare?: number; killedShare?: number };

/** Charts show the largest groups; the table lists them all. */
const chartedGroups = 12;

/**
 * One of the report's breakdowns: a chart of the incidents (or the killed) per group, and the table
 * that is its source of truth, with the shares when the report gives them.
 */
export function GroupTable(props: {
  id: string;
  title: string;
  groups: Group[];
  nameOf?: (name: string) => string;
  chart?: 'incidents' | 'killed';
}) {
  const { t } = useTranslation();
  const nameOf = props.nameOf ?? ((name: string) => name);
  const chart = props.chart ?? 'incidents';
  const shares = props.groups.some((g) => g.incidentsShare !== undefined);
  if (props.groups.length === 0) return null;
  return (
    <section className="report-section" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p className="chart-title" aria-hidden="true">
        {t(`reports.chartOf.${chart}`)}
      </p>
      <BarChart
        bars={props.groups.slice(0, chartedGroups).map((g) => ({ label: nameOf(g.name), value: g[chart] }))}
      />
      <div className="table-scroll">
        <table className="report-table">
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.columns.name')}</th>
              <th scope="col">{t('reports.columns.incidents')}</th>
              <th scope="col">{t('reports.columns.killed')}</th>
              <th scope="col">{t('reports.columns.wounded')}</th>
              {shares && <th scope="col">{t('reports.columns.incidentsShare')}</th>}
              {shares && <th scope="col">{t('reports.columns.killedShare')}</th>}
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => (
              <tr key={g.name}>
                <th scope="row">{nameOf(g.name)}</th>
                <td>{formatNumber(g.incidents)}</td>
                <td>{formatNumber(g.killed)}</td>
                <td>{formatNumber(g.wounded)}</td>
                {shares && <td>{t('reports.percent', { value: formatNumber(g.incidentsShare, 1) })}</td>}
                {shares && <td>{t('reports.percent', { value: formatNumber(g.killedShare, 1) })}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
