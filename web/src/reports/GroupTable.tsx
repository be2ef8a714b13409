import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema.js';
import { DataTable } from '../common/DataTable.js';
import { formatNumber } from '../i18n/format.js';
import { BarChart } from './BarChart.js';
import { unknownName } from './reportQuery.js';

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
  const nameOf = props.nameOf ?? ((name: string) => (name === unknownName ? t('reports.unknown') : name));
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
      <DataTable
        caption={props.title}
        hideCaption
        className="report-table"
        columns={[
          t('reports.columns.name'),
          t('reports.columns.incidents'),
          t('reports.columns.killed'),
          t('reports.columns.wounded'),
          ...(shares ? [t('reports.columns.incidentsShare'), t('reports.columns.killedShare')] : []),
        ]}
        rows={props.groups.map((g) => ({
          key: g.name,
          cells: [
            nameOf(g.name),
            formatNumber(g.incidents),
            formatNumber(g.killed),
            formatNumber(g.wounded),
            ...(shares
              ? [
                  t('reports.percent', { value: formatNumber(g.incidentsShare, 1) }),
                  t('reports.percent', { value: formatNumber(g.killedShare, 1) }),
                ]
              : []),
          ],
        }))}
      />
    </section>
  );
}
