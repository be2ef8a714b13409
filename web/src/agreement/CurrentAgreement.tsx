import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { SharingSummary } from './SharingSummary.js';
import { SourceText } from './SourceText.js';

/** The version in force: when it took effect, what it shares, and its text. */
export function CurrentAgreement() {
  const { t } = useTranslation();
  const current = useApi(() => api.get('/api/v1/agreements/current'), []);
  if (current.error !== undefined) return <ErrorState error={current.error} onRetry={current.reload} />;
  if (!current.data) return <Loading />;
  const version = current.data;
  const title = typeof version.document.title === 'string' ? version.document.title : '';
  return (
    <article aria-labelledby="agreement-current">
      <h2 id="agreement-current">{t('agreements.inForce', { version: version.version })}</h2>
      <p>
        {title && <strong dir="auto">{title}</strong>}{' '}
        {version.inForceAt && t('agreements.inForceSince', { date: formatDate(version.inForceAt, true) })}
      </p>
      <h3>{t('agreements.summary')}</h3>
      <SharingSummary document={version.document} />
      <h3>{t('agreements.text')}</h3>
      <SourceText source={version.source} label={t('agreements.textOf', { version: version.version })} />
    </article>
  );
}
