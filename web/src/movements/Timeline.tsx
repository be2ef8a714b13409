import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useMe } from '../auth/session.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { LevelBadge } from '../risk/LevelBadge.js';
import type { HistoryEntry } from './movement.js';

/**
 * The movement's timeline, oldest first: every transition, approval and re-assessment, with who
 * (the viewer, or the party whose user it was), when, and the agreement version in force. `version`
 * reloads it when the movement changes.
 */
export function Timeline({ id, version }: { id: string; version: number | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const history = useApi(
    () => api.get('/api/v1/movements/{id}/history', { id }, { limit: 500 }),
    [id, version],
  );
  const parties = useApi(() => api.get('/api/v1/parties'), []);
  const who = (entry: HistoryEntry) => {
    if (entry.actorId && entry.actorId === me.id) return t('movements.history.byYou');
    if (!entry.partyId) return t('movements.history.bySystem');
    const party = parties.data?.items.find((p) => p.id === entry.partyId);
    return entry.partyId === me.partyId
      ? t('movements.history.byYourParty')
      : t('movements.history.byParty', { party: party?.name ?? entry.partyId });
  };

  if (history.loading && !history.data) return <Loading />;
  if (!history.data) return <ErrorState error={history.error} onRetry={history.reload} />;
  return (
    <ol className="timeline" aria-busy={history.loading}>
      {history.data.items.map((entry) => (
        <li key={entry.seq} data-kind={entry.kind}>
          <p className="timeline-head">
            <strong>{t(`movements.history.kind.${entry.kind}`, { defaultValue: entry.kind })}</strong>
            {entry.from && entry.to && entry.from !== entry.to && (
              <span className="transition">
                {t('movements.history.transition', {
                  from: t(`enums.movementState.${entry.from}`),
                  to: t(`enums.movementState.${entry.to}`),
                })}
              </span>
            )}
          </p>
          <p className="hint">
            <time dateTime={entry.at}>{formatDate(entry.at, true)}</time> · {who(entry)}
            {entry.agreementVersion !== null &&
              ' · ' + t('movements.history.agreement', { version: entry.agreementVersion })}
          </p>
          <Details details={entry.details} />
        </li>
      ))}
    </ol>
  );
}

/**
 * What the entry's details say that a reader needs: the level, the party that decided, the reason,
 * justification or review note, the approvals still awaited, the clause, the checkpoint.
 */
function Details({ details }: { details: HistoryEntry['details'] }) {
  const { t } = useTranslation();
  if (!details) return null;
  const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : undefined);
  const level = typeof details.riskLevel === 'number' ? details.riskLevel : undefined;
  const fields = Array.isArray(details.fields) ? (details.fields as string[]) : undefined;
  // An approval, veto or break-glass names its party; an escalation, the parties still awaited.
  const kind =
    details.partyKind === 'host' || details.partyKind === 'partner' ? details.partyKind : undefined;
  const missing = Array.isArray(details.missing) ? (details.missing as string[]) : undefined;
  const escalateTo = Array.isArray(details.escalateTo) ? (details.escalateTo as string[]) : undefined;
  const partyList = (kinds: string[]) =>
    kinds.map((k) => t(`party.${k}`, { defaultValue: k })).join(t('movements.listSeparator'));
  return (
    <ul className="timeline-details">
      {level !== undefined && (
        <li>
          {t('movements.history.level')} <LevelBadge level={level} />
          {details.raised === true && ' ' + t('movements.history.raised')}
          {details.approvalsSuperseded === true && ' ' + t('movements.history.superseded')}
        </li>
      )}
      {kind && <li>{t('movements.approval.timeline.forParty', { party: t(`party.${kind}`) })}</li>}
      {text('reason') && <li dir="auto">{t('movements.history.reason', { reason: text('reason') })}</li>}
      {text('justification') && (
        <li dir="auto">{t('movements.approval.justification', { text: text('justification') })}</li>
      )}
      {text('note') && <li dir="auto">{t('movements.approval.note', { text: text('note') })}</li>}
      {missing && missing.length > 0 && (
        <li>{t('movements.approval.timeline.missing', { parties: partyList(missing) })}</li>
      )}
      {escalateTo && (
        <li>
          {t('movements.approval.timeline.escalated', {
            roles: escalateTo
              .map((r) => t(`roles.${r}`, { defaultValue: r }))
              .join(t('movements.listSeparator')),
            date: text('deadline') ? formatDate(text('deadline')!, true) : '',
          })}
        </li>
      )}
      {text('clause') && <li>{t('movements.history.clause', { clause: text('clause') })}</li>}
      {text('name') && <li dir="auto">{t('movements.history.checkpoint', { name: text('name') })}</li>}
      {fields && fields.length > 0 && (
        <li>
          {t('movements.history.fields', {
            fields: fields
              .map((f) => t(`movements.field.${f}`, { defaultValue: f }))
              .join(t('movements.listSeparator')),
          })}
        </li>
      )}
    </ul>
  );
}
