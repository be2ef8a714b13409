import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useErrorText } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { formatDate } from '../i18n/format.js';
import type { Question } from './mine.js';

/**
 * One roll-call question, answered in one tap: safe or need help. A PIN, for a person who set
 * one, goes with the answer; the duress PIN is answered by the server exactly as the real one
 * (`safe`), so this card shows the same either way.
 */
export function RollcallCard({
  question,
  onAnswered,
}: {
  question: Question;
  onAnswered: (q: Question) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { run, busy, error } = useAction();
  const [pin, setPin] = useState('');
  const answer = async (value: 'safe' | 'need_help') => {
    const answered = await run(() =>
      api.post(
        '/api/v1/rollcalls/{id}/answer',
        { answer: value, ...(pin ? { pin } : {}) },
        { id: question.rollcallId },
      ),
    );
    if (answered) {
      setPin('');
      onAnswered(answered);
    }
  };
  const pinId = `phone-pin-${question.rollcallId}`;
  return (
    <section className="phone-card phone-question" aria-labelledby={`phone-q-${question.rollcallId}`}>
      <h2 id={`phone-q-${question.rollcallId}`}>{question.question}</h2>
      <p className="phone-muted">{t('phone.question.asked', { at: formatDate(question.startedAt, true) })}</p>
      {question.answer && (
        <p className="phone-answered" role="status">
          {t(`phone.question.answered.${question.answer}`, {
            at: formatDate(question.answeredAt, true),
          })}
        </p>
      )}
      <label className="phone-pin" htmlFor={pinId}>
        <span>{t('phone.question.pin')}</span>
        <input
          id={pinId}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          pattern="[0-9]{4,8}"
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      <div className="phone-row">
        <button type="button" className="phone-safe" disabled={busy} onClick={() => void answer('safe')}>
          {t('phone.question.safe')}
        </button>
        <button
          type="button"
          className="phone-danger"
          disabled={busy}
          onClick={() => void answer('need_help')}
        >
          {t('phone.question.needHelp')}
        </button>
      </div>
      {error !== undefined && (
        <p className="phone-error" role="alert">
          {errorText(error)}
        </p>
      )}
    </section>
  );
}
