import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema.js';
import { formatNumber } from '../i18n/format.js';

type Report = components['schemas']['PeriodReport'];

/**
 * The headline figures: incidents, killed, wounded and kidnapped, with the low / best / high
 * estimates, the change on the previous period, and for how many incidents a toll is not reported.
 */
export function Headline({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { totals, previous } = report;
  const change = (value: number | null | undefined) =>
    previous === null
      ? null
      : value === null || value === undefined
        ? t('reports.noPrevious')
        : t('reports.change', { value: (value > 0 ? '+' : '') + formatNumber(value, 1) });
  const toll = (kind: 'killed' | 'wounded') => {
    const notReported = totals.incidents - totals[`${kind}Reported`];
    return (
      <Figure
        id={`headline-${kind}`}
        label={t(`reports.columns.${kind}`)}
        value={totals[kind]}
        change={change(previous?.change[kind])}
      >
        <p className="estimates">
          {t('reports.range', {
            low: formatNumber(totals[`${kind}Low`]),
            best: formatNumber(totals[`${kind}Best`]),
            high: formatNumber(totals[`${kind}High`]),
          })}
        </p>
        {notReported > 0 && (
          <p className="not-reported">{t('reports.notReported', { count: notReported })}</p>
        )}
      </Figure>
    );
  };
  return (
    <section className="headline" aria-labelledby="headline-title">
      <h2 id="headline-title" className="visually-hidden">
        {t('reports.headline')}
      </h2>
      <Figure
        id="headline-incidents"
        label={t('reports.columns.incidents')}
        value={totals.incidents}
        change={change(previous?.change.incidents)}
      />
      {toll('killed')}
      {toll('wounded')}
      <Figure id="headline-kidnapped" label={t('reports.kidnapped')} value={totals.kidnapped} change={null} />
    </section>
  );
}

function Figure(props: {
  id: string;
  label: string;
  value: number;
  change: string | null;
  children?: ReactNode;
}) {
  return (
    <div className="figure" data-figure={props.id}>
      <h3 id={props.id}>{props.label}</h3>
      <p className="figure-value" aria-describedby={props.id}>
        {formatNumber(props.value)}
      </p>
      {props.children}
      {props.change && <p className="figure-change">{props.change}</p>}
    </div>
  );
}
