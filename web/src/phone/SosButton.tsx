import { useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { formatDate } from '../i18n/format.js';
import { useErrorText } from '../common/States.js';
import { secondsLeft, sosIdle, sosStep } from './sos.js';

/**
 * The large SOS button: press, confirm, then a few seconds to undo during which nothing is sent;
 * then the alarm goes to the server once, and the screen says plainly that it was sent.
 */
export function SosButton({ open, onSent }: { open: boolean; onSent: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [state, dispatch] = useReducer(sosStep, sosIdle);
  const [now, setNow] = useState(() => Date.now());

  // The undo window's count on screen; the window's end itself is decided by the pure step.
  useEffect(() => {
    if (state.step !== 'counting') return;
    const tick = () => {
      const at = Date.now();
      setNow(at);
      dispatch({ type: 'tick', now: at });
    };
    const timer = setInterval(tick, 200);
    return () => clearInterval(timer);
  }, [state.step]);

  useEffect(() => {
    if (state.step !== 'sending') return;
    api.post('/api/v1/alerts/sos', {}).then(
      ({ alert, raised }) => {
        dispatch({ type: 'sent', at: alert.raisedAt, alreadyOpen: !raised });
        onSent();
      },
      (error: unknown) => dispatch({ type: 'failed', error }),
    );
  }, [state.step, onSent]);

  return (
    <section className="phone-card phone-sos" aria-labelledby="phone-sos-title">
      <h2 id="phone-sos-title" className="visually-hidden">
        {t('phone.sos.title')}
      </h2>
      {state.step === 'confirming' ? (
        <div className="phone-sos-confirm" role="alertdialog" aria-labelledby="phone-sos-ask">
          <p id="phone-sos-ask">{t('phone.sos.ask')}</p>
          <div className="phone-row">
            <button
              type="button"
              className="phone-danger"
              onClick={() => dispatch({ type: 'confirm', now: Date.now() })}
            >
              {t('phone.sos.confirm')}
            </button>
            <button type="button" onClick={() => dispatch({ type: 'cancel' })}>
              {t('phone.sos.cancel')}
            </button>
          </div>
        </div>
      ) : state.step === 'counting' ? (
        <div className="phone-sos-confirm" role="status" aria-live="assertive">
          <p>{t('phone.sos.counting', { count: secondsLeft(state, now) })}</p>
          <button type="button" className="phone-undo" onClick={() => dispatch({ type: 'undo' })}>
            {t('phone.sos.undo')}
          </button>
        </div>
      ) : state.step === 'sending' ? (
        <p role="status" aria-live="assertive">
          {t('phone.sos.sending')}
        </p>
      ) : (
        <>
          <button
            type="button"
            className="phone-sos-button"
            onClick={() => dispatch({ type: 'press' })}
            aria-describedby="phone-sos-state"
          >
            {t('phone.sos.button')}
          </button>
          <p id="phone-sos-state" role="status" aria-live="assertive" className="phone-sos-state">
            {state.step === 'sent'
              ? t(state.alreadyOpen ? 'phone.sos.alreadyOpen' : 'phone.sos.sent', {
                  at: formatDate(state.at, true),
                })
              : state.step === 'failed'
                ? t('phone.sos.failed', { error: errorText(state.error) })
                : open
                  ? t('phone.sos.open')
                  : t('phone.sos.hint')}
          </p>
        </>
      )}
    </section>
  );
}
