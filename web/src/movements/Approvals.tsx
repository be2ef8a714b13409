import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useParties } from '../audit/useParties.js';
import { useMe } from '../auth/session.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { LevelBadge } from '../risk/LevelBadge.js';
import { ApprovalActions } from './ApprovalActions.js';
import {
  type Approval,
  type PartyDecision,
  type PartyKind,
  partyDecisions,
  partyOfKind,
  reviewerKind,
  supersededOf,
} from './approvals.js';
import type { Assessment, Movement } from './movement.js';

/**
 * The joint approval of a movement: the assessment's requirements with their clauses, each
 * required party's decision so far (the other party's too), the approvals a re-assessment set
 * aside, the break-glass approvals and their review, and the approval actions the viewer may take.
 */
export function Approvals({ movement, onChange }: { movement: Movement; onChange: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const parties = useParties();
  // The timeline tells whether the round of approvals timed out and escalated.
  const history = useApi(
    () => api.get('/api/v1/movements/{id}/history', { id: movement.id }, { limit: 500 }),
    [movement.id, movement.version],
  );
  const assessment = movement.assessment;
  if (!assessment) return <p>{t('movements.detail.approvalsAfterSubmit')}</p>;
  const approvals = movement.approvals;
  const nameOf = (kind: PartyKind) =>
    partyOfKind(kind, movement.partyId, parties.data ?? [])?.name ?? t(`party.${kind}`);
  const decisions = approvals
    ? partyDecisions(assessment.required.approvals, approvals, history.data?.items)
    : [];
  const ownPending = decisions.some((d) => d.party === me.partyKind && d.decision.status !== 'approved');
  const selfRequested = movement.requestedBy === me.id && ownPending && movement.state === 'submitted';

  return (
    <div className="approval-view">
      <Requirements assessment={assessment} />
      <h4>{t('movements.approval.decisions')}</h4>
      {assessment.required.approvals.length === 0 ? (
        <p>{t('movements.assessment.noApprovals')}</p>
      ) : !approvals ? (
        <p className="withheld">{t('movements.withheld')}</p>
      ) : (
        <ul className="party-decisions">
          {decisions.map(({ party, decision }) => (
            <li key={party} data-party={party} data-status={decision.status}>
              <p className="party-line">
                <strong>
                  <bdi>{nameOf(party)}</bdi>
                </strong>{' '}
                {party === me.partyKind && <span className="side-tag">{t('movements.approval.yours')}</span>}{' '}
                <span className="decision-tag" data-status={decision.status}>
                  {t(`movements.approval.status.${decision.status}`)}
                </span>{' '}
                <code className="clause">{`${assessment.required.clause}.approvals`}</code>
              </p>
              <DecisionFacts decision={decision} nameOf={nameOf} />
            </li>
          ))}
        </ul>
      )}
      {selfRequested && <p className="hint self-approval">{t('movements.approval.selfApproval')}</p>}
      {approvals && <BreakGlassApprovals approvals={approvals} nameOf={nameOf} />}
      {approvals && supersededOf(approvals).length > 0 && (
        <>
          <h4>{t('movements.approval.superseded')}</h4>
          <ul className="superseded-approvals">
            {supersededOf(approvals).map((a) => (
              <li key={a.id} data-party={a.partyKind}>
                {t(`movements.approval.status.${a.decision === 'rejected' ? 'vetoed' : 'approved'}`)}
                {' · '}
                <Decided approval={a} nameOf={nameOf} />
              </li>
            ))}
          </ul>
        </>
      )}
      <ApprovalActions movement={movement} onDone={onChange} />
    </div>
  );
}

type NameOf = (kind: PartyKind) => string;

/** Who decided, when, under which agreement version. */
function Decided({ approval, nameOf }: { approval: Approval; nameOf: NameOf }) {
  const { t } = useTranslation();
  const me = useMe();
  const who =
    approval.decidedBy === me.id
      ? t('movements.history.byYou')
      : t('movements.history.byParty', { party: nameOf(approval.partyKind) });
  return (
    <>
      {who} · <time dateTime={approval.decidedAt}>{formatDate(approval.decidedAt, true)}</time>
      {' · '}
      {t('movements.history.agreement', { version: approval.agreementVersion })}
    </>
  );
}

/** What one party's decision says beyond its status: who, when, and the veto's reason. */
function DecisionFacts({ decision, nameOf }: { decision: PartyDecision; nameOf: NameOf }) {
  const { t } = useTranslation();
  if (decision.status === 'pending') return null;
  if (decision.status === 'escalated')
    return (
      <p className="hint">
        {t('movements.approval.escalatedAt', {
          date: formatDate(decision.at, true),
          roles: decision.escalateTo
            .map((r) => t(`roles.${r}`, { defaultValue: r }))
            .join(t('movements.listSeparator')),
        })}
      </p>
    );
  const { approval } = decision;
  return (
    <>
      <p className="hint">
        <Decided approval={approval} nameOf={nameOf} />
      </p>
      {decision.status === 'vetoed' && approval.reason && (
        <p dir="auto">{t('movements.history.reason', { reason: approval.reason })}</p>
      )}
    </>
  );
}

/** Each break-glass approval: its justification, and the other party's review, awaited or done. */
function BreakGlassApprovals({ approvals, nameOf }: { approvals: Approval[]; nameOf: NameOf }) {
  const { t } = useTranslation();
  const glass = approvals.filter((a) => a.breakGlass && a.review);
  if (glass.length === 0) return null;
  return (
    <>
      <h4>{t('movements.approval.breakGlass')}</h4>
      <ul className="break-glass-approvals">
        {glass.map((a) => (
          <li key={a.id} data-review={a.review!.status}>
            <p className="hint">
              <Decided approval={a} nameOf={nameOf} /> <code className="clause">{'emergency.actors'}</code>
            </p>
            {a.reason && <p dir="auto">{t('movements.approval.justification', { text: a.reason })}</p>}
            <p>
              {a.review!.status === 'reviewed'
                ? t('movements.approval.reviewedAt', {
                    party: nameOf(reviewerKind(a)),
                    date: formatDate(a.review!.reviewedAt ?? '', true),
                  })
                : t('movements.approval.awaiting', {
                    party: nameOf(reviewerKind(a)),
                    date: a.review!.dueAt ? formatDate(a.review!.dueAt, true) : '',
                  })}{' '}
              <code className="clause">{'emergency.reviewWithinHours'}</code>
            </p>
            {a.review!.note && <p dir="auto">{t('movements.approval.note', { text: a.review!.note })}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The assessment in short: the level and what the agreement requires at it, each with its clause. */
function Requirements({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const { required } = assessment;
  const clause = (name: string) => <code className="clause">{`${required.clause}.${name}`}</code>;
  return (
    <>
      <p className="level-line">
        {t('movements.assessment.worst')} <LevelBadge level={assessment.riskLevel} />{' '}
        <span className="hint">
          {t('movements.assessment.asOf', {
            date: formatDate(assessment.asOf, true),
            version: assessment.agreementVersion,
          })}
        </span>
      </p>
      <ul className="requirements">
        {required.forbidden && (
          <li>
            {t('movements.assessment.forbidden')} {clause('forbidden')}
          </li>
        )}
        <li>
          {t('movements.assessment.escorts', { count: required.armedEscortVehicles })}{' '}
          {clause('armedEscortVehicles')}
        </li>
        {required.armouredPassengerVehicle && (
          <li>
            {t('movements.assessment.armoured')} {clause('armouredPassengerVehicle')}
          </li>
        )}
        {required.allowedHours && (
          <li>
            {t('movements.assessment.hours', {
              from: required.allowedHours.from,
              to: required.allowedHours.to,
              zone: required.timeZone,
            })}{' '}
            {clause('allowedHours')}
          </li>
        )}
      </ul>
    </>
  );
}
