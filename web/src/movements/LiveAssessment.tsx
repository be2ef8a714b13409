import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ErrorState } from '../common/States.js';
import { AssessmentView } from './AssessmentView.js';
import type { FieldIssue } from '../common/form-fields.js';
import type { Assessment, MovementRequest } from './movement.js';

/** Waits this long after the last change before asking for the assessment again. */
const assessDelayMs = 600;

export interface Live {
  assessment?: Assessment;
  error?: unknown;
  busy: boolean;
}

/**
 * The assessment of the request as typed: once `assessable`, asked for after each pause in typing,
 * the answer to an older request dropped.
 */
export function useLiveAssessment(request: MovementRequest, assessable: boolean): Live {
  const [live, setLive] = useState<Live>({ busy: false });
  const requestKey = JSON.stringify(request);
  useEffect(() => {
    if (!assessable) return setLive({ busy: false });
    let current = true;
    setLive((l) => ({ ...l, busy: true }));
    const timer = setTimeout(() => {
      api.post('/api/v1/movements/assess', JSON.parse(requestKey) as MovementRequest).then(
        (assessment) => current && setLive({ assessment, busy: false }),
        (error: unknown) => current && setLive({ error, busy: false }),
      );
    }, assessDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [requestKey, assessable]);
  return live;
}

/** The live assessment beside the map: what it still needs, or the last answer (marked stale while a newer one is asked). */
export function LiveAssessment({
  live,
  assessable,
  issues,
}: {
  live: Live;
  assessable: boolean;
  issues: FieldIssue[];
}) {
  const { t } = useTranslation();
  return (
    <section
      className="live-assessment"
      aria-labelledby="live-assessment-title"
      aria-live="polite"
      aria-busy={live.busy}
    >
      <h2 id="live-assessment-title">{t('movements.form.assessment')}</h2>
      {!assessable && <p className="hint">{t('movements.form.assessWhen')}</p>}
      {assessable && live.busy && !live.assessment && <p className="hint">{t('movements.form.assessing')}</p>}
      {live.error !== undefined && issues.length === 0 && <ErrorState error={live.error} />}
      {live.error !== undefined && issues.length > 0 && (
        <p className="hint">
          {t('movements.form.assessNeeds', {
            fields: [...new Set(issues.map((i) => i.field.split('.')[0]!))]
              .map((f) => t(`movements.field.${f}`, { defaultValue: f }))
              .join(t('movements.listSeparator')),
          })}
        </p>
      )}
      {live.assessment && (
        <div className={live.error !== undefined || live.busy ? 'stale' : undefined}>
          <AssessmentView assessment={live.assessment} />
        </div>
      )}
    </section>
  );
}
