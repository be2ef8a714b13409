import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.js';
import { useErrorText } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { formatDate } from '../i18n/format.js';

/** The person checks in for themself; a late check-in resolves the missed deadline's alert. */
export function CheckInButton() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { run, busy, error } = useAction();
  const [done, setDone] = useState<{ at: string; late: boolean; nextDueAt: string | null }>();
  const checkIn = async () => {
    const answer = await run(() => api.post('/api/v1/checkins', {}));
    if (answer) setDone(answer);
  };
  return (
    <section className="phone-card" aria-labelledby="phone-checkin-title">
      <h2 id="phone-checkin-title">{t('phone.checkin.title')}</h2>
      <button type="button" className="phone-wide" disabled={busy} onClick={() => void checkIn()}>
        {t('phone.checkin.button')}
      </button>
      {done && (
        <p role="status">
          {t(done.late ? 'phone.checkin.late' : 'phone.checkin.done', { at: formatDate(done.at, true) })}{' '}
          {done.nextDueAt && t('phone.checkin.next', { at: formatDate(done.nextDueAt, true) })}
        </p>
      )}
      {error !== undefined && (
        <p className="phone-error" role="alert">
          {error instanceof ApiError && error.code === 'checkin_schedule_not_found'
            ? t('phone.checkin.none')
            : errorText(error)}
        </p>
      )}
    </section>
  );
}
