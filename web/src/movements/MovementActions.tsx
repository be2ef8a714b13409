import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useMe } from '../auth/session.js';
import { useAction } from '../common/useAction.js';
import { ActionError } from './ActionError.js';
import { TextActionForm } from './TextActionForm.js';
import { actionsFor, actionsWithText, type Movement, type MovementActionName } from './movement.js';

/**
 * The actions the viewer may take on the movement in its state, each a call to the API; one that
 * needs a reason or a note asks for it first. A refusal shows beside the buttons.
 */
export function MovementActions({ movement, onDone }: { movement: Movement; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { run, error, busy } = useAction();
  const [asking, setAsking] = useState<MovementActionName>();
  const [text, setText] = useState('');
  const actions = actionsFor(movement, me);

  const call = async (action: MovementActionName, typed: string) => {
    const params = { id: movement.id };
    const done = await run(async () => {
      if (action === 'submit') return api.post('/api/v1/movements/{id}/submit', undefined, params);
      if (action === 'depart') return api.post('/api/v1/movements/{id}/depart', undefined, params);
      if (action === 'arrive') return api.post('/api/v1/movements/{id}/arrive', undefined, params);
      if (action === 'cancel') return api.post('/api/v1/movements/{id}/cancel', { reason: typed }, params);
      if (action === 'abort') return api.post('/api/v1/movements/{id}/abort', { reason: typed }, params);
      return api.post('/api/v1/movements/{id}/debrief', { note: typed }, params);
    });
    if (done) {
      setAsking(undefined);
      setText('');
      onDone();
    }
  };

  if (actions.length === 0)
    return (
      <div className="movement-actions">
        <p className="hint">{t('movements.actions.none')}</p>
      </div>
    );
  const needs = asking && actionsWithText[asking];
  return (
    <div className="movement-actions">
      <div className="button-row">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'cancel' || action === 'abort' ? 'danger' : 'primary'}
            disabled={busy}
            aria-expanded={actionsWithText[action] ? asking === action : undefined}
            onClick={() => (actionsWithText[action] ? setAsking(action) : void call(action, ''))}
          >
            {t(`movements.actions.${action}`)}
          </button>
        ))}
      </div>
      {asking && needs && (
        <TextActionForm
          label={t(`movements.actions.${needs}For`, { action: t(`movements.actions.${asking}`) })}
          value={text}
          onChange={setText}
          onSubmit={() => void call(asking, text)}
          onBack={() => setAsking(undefined)}
          confirm={t(`movements.actions.confirm.${asking}`)}
          busy={busy}
        />
      )}
      {error !== undefined && <ActionError error={error} />}
    </div>
  );
}
