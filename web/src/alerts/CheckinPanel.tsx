import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import type { components } from '../api/schema.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { ErrorState, Loading, useErrorText } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';

type Schedule = components['schemas']['CheckinSchedule'];
type Subject = { type: 'person' | 'movement'; id: string };

/**
 * A person's or movement's check-in schedule where the record is shown: the next deadline and how
 * far a missed one has escalated; its party's coordinators set or end it; staff record a check-in.
 */
export function CheckinPanel({ subject, partyId }: { subject: Subject; partyId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const params = { subjectType: subject.type, subjectId: subject.id };
  const loaded = useApi(
    () =>
      api.get('/api/v1/checkins/schedules/{subjectType}/{subjectId}', params).catch((error: unknown) => {
        // No schedule is an answer here, not a failure.
        if (error instanceof ApiError && error.code === 'checkin_schedule_not_found') return null;
        throw error;
      }),
    [subject.type, subject.id],
  );
  const [every, setEvery] = useState('');
  const action = useAction();
  const mayPlan = can(me, 'checkin.schedule') && partyId === me.partyId;
  const schedule: Schedule | undefined = loaded.data?.schedule;
  const plan = async () => {
    const body =
      subject.type === 'movement' && every === ''
        ? { atCheckpoints: true }
        : { everyMinutes: Number(every), ...(subject.type === 'movement' ? { atCheckpoints: true } : {}) };
    if (await action.run(() => api.put('/api/v1/checkins/schedules/{subjectType}/{subjectId}', body, params)))
      loaded.reload();
  };
  const end = async () => {
    if (await action.run(() => api.delete('/api/v1/checkins/schedules/{subjectType}/{subjectId}', params)))
      loaded.reload();
  };
  const checkIn = async () => {
    if (
      await action.run(() =>
        api.post('/api/v1/checkins', { subjectType: subject.type, subjectId: subject.id }),
      )
    )
      loaded.reload();
  };

  return (
    <section
      className="panel checkin-panel"
      aria-labelledby={`checkin-${subject.id}`}
      data-step={schedule?.step ?? ''}
    >
      <h2 id={`checkin-${subject.id}`}>{t('checkins.title')}</h2>
      {loaded.loading && loaded.data === undefined && <Loading />}
      {loaded.error !== undefined && <ErrorState error={loaded.error} onRetry={loaded.reload} />}
      {loaded.data === null && <p className="hint">{t('checkins.none')}</p>}
      {schedule && (
        <dl className="details">
          <div>
            <dt>{t('checkins.fields.plan')}</dt>
            <dd>
              {[
                schedule.everyMinutes !== null
                  ? t('checkins.every', {
                      count: schedule.everyMinutes,
                      formatted: formatNumber(schedule.everyMinutes),
                    })
                  : null,
                schedule.deadlines.length > 0
                  ? t('checkins.fixed', { count: schedule.deadlines.length })
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </div>
          <div>
            <dt>{t('checkins.fields.next')}</dt>
            <dd>{schedule.nextDueAt ? formatDate(schedule.nextDueAt, true) : t('checkins.noDeadline')}</dd>
          </div>
          <div>
            <dt>{t('checkins.fields.state')}</dt>
            <dd className={schedule.step ? 'checkin-missed' : undefined}>
              {t(`checkins.steps.${schedule.step ?? 'none'}`)}
            </dd>
          </div>
          {loaded.data?.checkins[0] && (
            <div>
              <dt>{t('checkins.fields.last')}</dt>
              <dd>
                {formatDate(loaded.data.checkins[0].checkedInAt, true)}
                {loaded.data.checkins[0].late ? ` · ${t('checkins.late')}` : ''}
              </dd>
            </div>
          )}
        </dl>
      )}
      <div className="actions">
        {schedule && can(me, 'checkin.record') && (
          <button type="button" className="primary" disabled={action.busy} onClick={() => void checkIn()}>
            {t('checkins.record')}
          </button>
        )}
        {mayPlan && (
          <>
            <label>
              {t('checkins.everyLabel')}
              <input
                id={`checkin-every-${subject.id}`}
                type="number"
                min={5}
                max={10080}
                value={every}
                onChange={(e) => setEvery(e.target.value)}
              />
            </label>
            <button
              type="button"
              disabled={action.busy || (every === '' && subject.type !== 'movement')}
              onClick={() => void plan()}
            >
              {t('checkins.set')}
            </button>
            {schedule && (
              <button type="button" disabled={action.busy} onClick={() => void end()}>
                {t('checkins.end')}
              </button>
            )}
          </>
        )}
      </div>
      {action.error !== undefined && (
        <p role="alert" className="field-error">
          {errorText(action.error)}
        </p>
      )}
    </section>
  );
}
