import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useAction } from '../common/useAction.js';
import { ActionError } from './ActionError.js';
import { TextActionForm } from './TextActionForm.js';
import { taskAnswers, type EscortTask } from './escort.js';

/** Accept or decline an escort task; a decline asks for the reason first. */
export function TaskAnswer({ task, onAnswered }: { task: EscortTask; onAnswered: () => void }) {
  const { t } = useTranslation();
  const { run, error, busy } = useAction();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const answers = taskAnswers(task);
  const params = { id: task.movement.id, unitId: task.unitId };

  const answer = async (call: () => Promise<unknown>) => {
    if (await run(call)) {
      setDeclining(false);
      setReason('');
      onAnswered();
    }
  };
  if (answers.length === 0) return null;
  return (
    <div className="task-answer">
      <div className="button-row">
        {answers.includes('accept') && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              void answer(() => api.post('/api/v1/movements/{id}/units/{unitId}/accept', undefined, params))
            }
          >
            {t('movements.escort.tasks.accept')}
          </button>
        )}
        <button
          type="button"
          className="danger"
          disabled={busy}
          aria-expanded={declining}
          onClick={() => setDeclining(true)}
        >
          {t('movements.escort.tasks.decline')}
        </button>
      </div>
      {declining && (
        <TextActionForm
          label={t('movements.escort.tasks.reason')}
          value={reason}
          onChange={setReason}
          onSubmit={() =>
            void answer(() => api.post('/api/v1/movements/{id}/units/{unitId}/decline', { reason }, params))
          }
          onBack={() => setDeclining(false)}
          confirm={t('movements.escort.tasks.confirmDecline')}
          confirmClass="danger"
          busy={busy}
          minLength={3}
        />
      )}
      {error !== undefined && <ActionError error={error} />}
    </div>
  );
}
