import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { CheckInButton } from './CheckInButton.js';
import { myStatus, nextMovement, type Movement } from './mine.js';
import { RollcallCard } from './RollcallCard.js';
import { SosButton } from './SosButton.js';
import { useMyQuestions } from './useMyQuestions.js';
import './phone.css';

/** How often the last fix and the SOS state are read again while the screen is open. */
const positionRefreshMs = 30_000;

/**
 * The protected person's own screen, made for a phone: their status, any roll-call asking them
 * (live over the stream), the SOS button, the check-in, their next movement and their device's
 * last fix. It shows only what the server gives the person about themself.
 */
export function PhoneScreen() {
  const { t } = useTranslation();
  const position = useApi(() => api.get('/api/v1/me/position'), []);
  const movements = useApi(() => api.get('/api/v1/movements', {}, { limit: 50 }), []);
  const { questions, error, connection, update } = useMyQuestions();
  const reloadPosition = position.reload;
  useEffect(() => {
    const timer = setInterval(reloadPosition, positionRefreshMs);
    return () => clearInterval(timer);
  }, [reloadPosition]);
  const onSent = useCallback(() => reloadPosition(), [reloadPosition]);

  const sos = position.data?.sos ?? false;
  const status = questions && myStatus(sos, questions);
  const open = (questions ?? []).filter((q) => q.status === 'open');
  return (
    <div className="phone">
      <section
        className={`phone-card phone-status phone-status-${status ?? 'loading'}`}
        aria-labelledby="phone-status-title"
      >
        <h1 id="phone-status-title">{t('phone.title')}</h1>
        <p className="phone-status-text" role="status" aria-live="polite">
          {status ? t(`phone.status.${status}`) : t('common.loading')}
        </p>
        {connection === 'retrying' && <p className="phone-muted">{t('phone.offline')}</p>}
      </section>
      {error !== undefined && <ErrorState error={error} />}
      {open.map((question) => (
        <RollcallCard key={question.rollcallId} question={question} onAnswered={update} />
      ))}
      <SosButton open={sos} onSent={onSent} />
      <CheckInButton />
      <section className="phone-card" aria-labelledby="phone-movement-title">
        <h2 id="phone-movement-title">{t('phone.movement.title')}</h2>
        {movements.error !== undefined ? (
          <ErrorState error={movements.error} onRetry={movements.reload} />
        ) : movements.data ? (
          <NextMovement movement={nextMovement(movements.data.items, new Date())} />
        ) : (
          <Loading />
        )}
      </section>
      <section className="phone-card" aria-labelledby="phone-fix-title">
        <h2 id="phone-fix-title">{t('phone.fix.title')}</h2>
        {position.error !== undefined ? (
          <ErrorState error={position.error} onRetry={position.reload} />
        ) : position.data ? (
          <LastFix fix={position.data.fix} />
        ) : (
          <Loading />
        )}
      </section>
    </div>
  );
}

function NextMovement({ movement }: { movement: Movement | undefined }) {
  const { t } = useTranslation();
  if (!movement) return <p>{t('phone.movement.none')}</p>;
  return (
    <dl className="phone-facts">
      <dt>{t('phone.movement.purpose')}</dt>
      <dd>{movement.purpose ?? t('common.withheld')}</dd>
      <dt>{t('phone.movement.state')}</dt>
      <dd>{movement.state ? t(`enums.movementState.${movement.state}`) : t('common.withheld')}</dd>
      <dt>{t('phone.movement.departure')}</dt>
      <dd>{formatDate(movement.plannedDeparture, true)}</dd>
      <dt>{t('phone.movement.arrival')}</dt>
      <dd>{formatDate(movement.plannedArrival, true)}</dd>
    </dl>
  );
}

function LastFix({ fix }: { fix: components['schemas']['OwnPosition']['fix'] }) {
  const { t } = useTranslation();
  if (!fix) return <p>{t('phone.fix.none')}</p>;
  return (
    <dl className="phone-facts">
      <dt>{t('phone.fix.at')}</dt>
      <dd>{formatDate(fix.fixAt, true)}</dd>
      <dt>{t('phone.fix.status')}</dt>
      <dd>{t(`live.status.${fix.status}`)}</dd>
      <dt>{t('phone.fix.place')}</dt>
      <dd dir="ltr">
        {formatNumber(fix.lat, 5)}, {formatNumber(fix.lon, 5)}
      </dd>
      {fix.accuracyM !== null && (
        <>
          <dt>{t('phone.fix.accuracy')}</dt>
          <dd>{t('phone.fix.metres', { value: formatNumber(fix.accuracyM) })}</dd>
        </>
      )}
      {fix.batteryPct !== null && (
        <>
          <dt>{t('phone.fix.battery')}</dt>
          <dd>{t('phone.fix.percent', { value: formatNumber(fix.batteryPct) })}</dd>
        </>
      )}
    </dl>
  );
}
