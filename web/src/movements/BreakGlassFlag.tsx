import { useTranslation } from 'react-i18next';
import { useParties } from '../audit/useParties.js';
import { formatDate } from '../i18n/format.js';
import { type Approval, awaitingReview, partyOfKind, reviewerKind } from './approvals.js';
import type { Movement } from './movement.js';

/**
 * The flag of a movement approved under break-glass whose review by the other party is still
 * awaited: on the board's card and the detail page, until that party has reviewed it.
 */
export function BreakGlassFlag({ movement, compact = false }: { movement: Movement; compact?: boolean }) {
  const flagged = awaitingReview(movement.approvals)[0];
  // Only a flagged movement asks for the parties' names: the board has many cards.
  return flagged ? <Flag approval={flagged} movementPartyId={movement.partyId} compact={compact} /> : null;
}

function Flag(props: { approval: Approval; movementPartyId: string; compact: boolean }) {
  const { t } = useTranslation();
  const parties = useParties();
  const { review } = props.approval;
  const kind = reviewerKind(props.approval);
  const party = partyOfKind(kind, props.movementPartyId, parties.data ?? [])?.name ?? t(`party.${kind}`);
  return (
    <p className="break-glass-flag" data-review={review?.status}>
      <strong>{t('movements.approval.flag', { party })}</strong>
      {review?.status === 'overdue' && (
        <>
          {' '}
          <span className="overdue-tag">{t('movements.approval.overdue')}</span>
        </>
      )}
      {!props.compact && review?.dueAt && (
        <span className="hint">
          {' '}
          {t('movements.approval.reviewDue', { date: formatDate(review.dueAt, true) })}
        </span>
      )}
    </p>
  );
}
