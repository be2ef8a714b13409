import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useMe } from '../auth/session.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatNumber } from '../i18n/format.js';
import { ActionError } from './ActionError.js';
import { TextActionForm } from './TextActionForm.js';
import { awaitingReview, emergencyOf, justificationLength } from './approvals.js';
import type { Movement } from './movement.js';

type Asking = 'reject' | 'break_glass' | 'review';

/**
 * The emergency clause of the agreement in force, for the justification's minimum length; read
 * only when `wanted` (a protected person may not read the agreement).
 */
export function useEmergencyClause(wanted = true) {
  const current = useApi(
    async () => (wanted ? (await api.get('/api/v1/agreements/current')).document : undefined),
    [wanted],
  );
  return emergencyOf(current.data);
}

/**
 * The approval actions the server lists for the viewer (`movement.actions`): approve, veto with a
 * reason, break glass with a justification of the agreement's minimum length, and review the other
 * party's break-glass approval with a note. A refusal shows beside the buttons.
 */
export function ApprovalActions({ movement, onDone }: { movement: Movement; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const offered = movement.actions ?? [];
  const emergency = useEmergencyClause(offered.includes('break_glass'));
  const { run, error, busy } = useAction();
  const [asking, setAsking] = useState<Asking>();
  const [text, setText] = useState('');
  // The earliest break-glass approval of another party still awaiting review.
  const toReview = awaitingReview(movement.approvals).find((a) => a.partyId !== me.partyId);

  const call = async (action: 'approve' | Asking, typed: string) => {
    const params = { id: movement.id };
    const done = await run(async () => {
      if (action === 'approve')
        return api.post('/api/v1/movements/{id}/approvals', { decision: 'approved' }, params);
      if (action === 'reject')
        return api.post('/api/v1/movements/{id}/approvals', { decision: 'rejected', reason: typed }, params);
      if (action === 'break_glass')
        return api.post('/api/v1/movements/{id}/break-glass', { justification: typed }, params);
      return api.post(
        '/api/v1/movements/{id}/approvals/{approvalId}/review',
        { note: typed },
        { ...params, approvalId: toReview?.id ?? '' },
      );
    });
    if (done) {
      setAsking(undefined);
      setText('');
      onDone();
    }
  };

  const buttons: { action: 'approve' | Asking; shown: boolean; className: string }[] = [
    { action: 'approve', shown: offered.includes('approve'), className: 'primary' },
    { action: 'reject', shown: offered.includes('reject'), className: 'danger' },
    { action: 'break_glass', shown: offered.includes('break_glass'), className: 'danger break-glass' },
    { action: 'review', shown: offered.includes('review') && toReview !== undefined, className: 'primary' },
  ];
  const shown = buttons.filter((b) => b.shown);
  if (shown.length === 0) return null;
  const count = justificationLength(text);
  const min = emergency?.justificationMinLength;
  return (
    <div className="approval-actions">
      <div className="button-row">
        {shown.map(({ action, className }) => (
          <button
            key={action}
            type="button"
            className={className}
            disabled={busy}
            aria-expanded={action === 'approve' ? undefined : asking === action}
            onClick={() => (action === 'approve' ? void call(action, '') : setAsking(action))}
          >
            {t(`movements.approval.action.${action}`)}
          </button>
        ))}
      </div>
      {asking && (
        <TextActionForm
          label={t(`movements.approval.ask.${asking}`)}
          value={text}
          onChange={setText}
          onSubmit={() => void call(asking, text)}
          onBack={() => setAsking(undefined)}
          confirm={t(`movements.approval.confirm.${asking}`)}
          busy={busy}
          help={
            asking === 'break_glass'
              ? (helpId) => (
                  <p className="hint" id={helpId}>
                    {t('movements.approval.breakGlassHelp', {
                      hours: emergency ? formatNumber(emergency.reviewWithinHours) : '?',
                    })}
                  </p>
                )
              : undefined
          }
          after={
            asking === 'break_glass' && min !== undefined
              ? (countId) => (
                  <p className="char-count" id={countId} data-short={count < min} aria-live="polite">
                    {t('movements.approval.count', { typed: formatNumber(count), min: formatNumber(min) })}
                  </p>
                )
              : undefined
          }
        />
      )}
      {error !== undefined && <ActionError error={error} />}
    </div>
  );
}
