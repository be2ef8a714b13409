import { useTranslation } from 'react-i18next';
import { api, urlOf } from '../api/client.js';
import { useQuery } from '../app/router.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { ReportControls } from './ReportControls.js';
import { reportQueryOf, searchOf } from './reportQuery.js';
import { ReportView } from './ReportView.js';
import './reports.css';

const formats = ['html', 'csv', 'text'] as const;

/**
 * The period report: its settings (kept in the address), the report itself, its downloads, and a
 * Print button whose print stylesheet lays the report out on A4 without the app around it.
 */
export function ReportScreen() {
  const { t } = useTranslation();
  const query = reportQueryOf(useQuery());
  const search = searchOf(query);
  const report = useApi(() => api.get('/api/v1/reports/period', {}, query), [search]);
  return (
    <div className="report-screen">
      <div className="report-tools">
        <ReportControls key={search} query={query} />
        <div className="report-actions">
          <button type="button" className="primary" onClick={() => print()} disabled={!report.data}>
            {t('reports.print')}
          </button>
          <span className="downloads">
            {t('reports.download')}
            {formats.map((format) => (
              <a key={format} href={urlOf('/api/v1/reports/period/{format}', { format }, query)}>
                {t(`reports.formats.${format}`)}
              </a>
            ))}
          </span>
        </div>
      </div>
      {report.loading && !report.data && <Loading />}
      {report.error !== undefined && <ErrorState error={report.error} onRetry={report.reload} />}
      {report.data && <ReportView report={report.data} busy={report.loading} />}
    </div>
  );
}
