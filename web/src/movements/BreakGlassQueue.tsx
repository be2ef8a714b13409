import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Answer } from '../api/client.js';
import { useQuery } from '../app/router.js';
import { type Party, useParties } from '../audit/useParties.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { ActionError } from './ActionError.js';
import { TextActionForm } from './TextActionForm.js';
import { useEmergencyClause } from './ApprovalActions.js';
import { partyOfKind, reviewerKind } from './approvals.js';
import { movementsPath } from './movement.js';

type Flag = Answer<'/api/v1/movements/break-glass', 'get'>['items'][number];

/**
 * The break-glass review queue: each break-glass approval on the movements the viewer sees that
 * the other party has not reviewed yet, earliest due first, with who broke glass, when, why, and
 * the deadline of the agreement's hours; the other party's coordinator reviews it with a note.
 * `?status=reviewed` lists the reviewed ones, with their note.
 */
export function BreakGlassQueue() {
  const { t } = useTranslation();
  const reviewed = useQuery().get('status') === 'reviewed';
  const queue = useApi(
    () =>
      api.get('/api/v1/movements/break-glass', {}, { limit: 100, status: reviewed ? 'reviewed' : undefined }),
    [reviewed],
  );
  const parties = useParties();
  const items = queue.data?.items;
  const emergency = useEmergencyClause();

  return (
    <section className="panel break-glass-queue" aria-labelledby="break-glass-title">
      <h1 id="break-glass-title">{t('movements.approval.queue.title')}</h1>
      <p className="hint">
        {t('movements.approval.queue.intro', {
          hours: emergency ? formatNumber(emergency.reviewWithinHours) : '?',
        })}
      </p>
      <ul className="queue-views">
        {[false, true].map((done) => (
          <li key={String(done)}>
            <AppLink
              to={movementsPath('break-glass', { status: done ? 'reviewed' : undefined })}
              aria-current={done === reviewed ? 'page' : undefined}
            >
              {t(done ? 'movements.approval.queue.reviewed' : 'movements.approval.queue.awaiting')}
            </AppLink>
          </li>
        ))}
      </ul>
      {queue.loading && !items && <Loading />}
      {queue.error !== undefined && <ErrorState error={queue.error} onRetry={queue.reload} />}
      {items && items.length === 0 && (
        <Empty>
          {t(reviewed ? 'movements.approval.queue.noneReviewed' : 'movements.approval.queue.empty')}
        </Empty>
      )}
      {items && items.length > 0 && (
        <ul className="queue-entries" aria-busy={queue.loading}>
          {items.map((flag) => (
            <li key={flag.approvalId}>
              <QueueEntry flag={flag} parties={parties.data ?? []} onDone={queue.reload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One break-glass approval, with its movement as the agreement shows it to the viewer. */
function QueueEntry(props: { flag: Flag; parties: Party[]; onDone: () => void }) {
  const { flag, onDone } = props;
  const { t } = useTranslation();
  const me = useMe();
  const name = (kind: 'host' | 'partner') =>
    partyOfKind(kind, flag.movementPartyId, props.parties)?.name ?? t(`party.${kind}`);
  const facts: [string, ReactNode][] = [
    [
      'brokenBy',
      flag.decidedBy === me.id
        ? t('movements.history.byYou')
        : t('movements.history.byParty', { party: name(flag.partyKind) }),
    ],
    ['at', <time dateTime={flag.decidedAt}>{formatDate(flag.decidedAt, true)}</time>],
    ['justification', <span dir="auto">{flag.justification}</span>],
    [
      'due',
      <>
        {flag.dueAt && <time dateTime={flag.dueAt}>{formatDate(flag.dueAt, true)}</time>}{' '}
        {flag.review === 'overdue' && <span className="overdue-tag">{t('movements.approval.overdue')}</span>}
      </>,
    ],
  ];
  const done = flag.review === 'reviewed';
  if (done && flag.reviewedAt)
    facts.push(
      ['reviewedAt', <time dateTime={flag.reviewedAt}>{formatDate(flag.reviewedAt, true)}</time>],
      ['note', <span dir="auto">{flag.note}</span>],
    );
  return (
    <article className="queue-entry" data-review={flag.review}>
      <h2>
        <AppLink to={movementsPath(encodeURIComponent(flag.movementId))}>
          {flag.movement.purpose ?? t('movements.withheld')}
        </AppLink>
      </h2>
      {!done && (
        <p className="break-glass-flag" data-review={flag.review}>
          <strong>{t('movements.approval.flag', { party: name(reviewerKind(flag)) })}</strong>
          {flag.superseded && <span className="hint"> {t('movements.approval.queue.superseded')}</span>}
        </p>
      )}
      <dl className="facts">
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`movements.approval.queue.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {done ? null : flag.partyId === me.partyId ? (
        <p className="hint">{t('movements.approval.queue.ownParty')}</p>
      ) : (
        <ReviewForm flag={flag} onDone={onDone} />
      )}
    </article>
  );
}

/** The other party's review: a note, then the flag is cleared. */
function ReviewForm({ flag, onDone }: { flag: Flag; onDone: () => void }) {
  const { t } = useTranslation();
  const { run, error, busy } = useAction();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const review = async () => {
    const done = await run(() =>
      api.post(
        '/api/v1/movements/{id}/approvals/{approvalId}/review',
        { note },
        { id: flag.movementId, approvalId: flag.approvalId },
      ),
    );
    if (done) onDone();
  };
  return (
    <div className="approval-actions">
      {!open ? (
        <button type="button" className="primary" aria-expanded={false} onClick={() => setOpen(true)}>
          {t('movements.approval.action.review')}
        </button>
      ) : (
        <TextActionForm
          label={t('movements.approval.ask.review')}
          value={note}
          onChange={setNote}
          onSubmit={() => void review()}
          onBack={() => setOpen(false)}
          confirm={t('movements.approval.confirm.review')}
          busy={busy}
          rows={2}
        />
      )}
      {error !== undefined && <ActionError error={error} />}
    </div>
  );
}
