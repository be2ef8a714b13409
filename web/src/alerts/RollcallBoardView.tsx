import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { useParties } from '../audit/useParties.js';
import { AppLink } from '../common/AppLink.js';
import { DataTable } from '../common/DataTable.js';
import { ErrorState, Loading, useErrorText } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useSiteNames } from '../registry/useSiteNames.js';
import type { StreamFrame } from '../tracking/liveStream.js';
import { AccountedChart } from './AccountedChart.js';
import { type BoardSubject, durationParts, isRollcallFrame, type RollcallBoard } from './rollcall.js';
import { useStreamFrames } from './useStreamFrames.js';

type Counts = { expected: number; safe: number; needHelp: number; silent: number };

/**
 * One roll-call's board: its totals, the accounted-for curve and the time to 100%, the counts by
 * party, site, vehicle (movement) and unit, and each subject the viewer may list, with an answer
 * on their behalf for staff who may give one. It reloads on each `rollcall` frame of its own.
 */
export function RollcallBoardView({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const board = useApi(() => api.get('/api/v1/rollcalls/{id}', { id }) as Promise<RollcallBoard>, [id]);
  const parties = useParties();
  const { names: siteNames } = useSiteNames();
  const { reload } = board;
  const onFrame = useCallback(
    (frame: StreamFrame) => {
      if (isRollcallFrame(frame) && frame.rollcall.id === id) reload();
    },
    [id, reload],
  );
  useStreamFrames(true, onFrame);
  const now = useNow(board.data?.status === 'open' ? 10_000 : 0);
  const closer = useAction();

  if (board.error !== undefined && !board.data) return <ErrorState error={board.error} onRetry={reload} />;
  if (!board.data) return <Loading />;
  const b = board.data;
  const partyName = (partyId: string) =>
    parties.data?.find((p) => p.id === partyId)?.name ?? t('rollcalls.unnamed');
  const done = b.timeTo100Ms !== null;
  const elapsed = (b.closedAt ? Date.parse(b.closedAt) : now.getTime()) - Date.parse(b.startedAt);
  const groupRows = (groups: ({ id: string } & Counts)[], name: (id: string) => string) =>
    groups.map((g) => ({ key: g.id, cells: [name(g.id), ...countCells(g)] }));
  const countColumns = [
    t('rollcalls.fields.expected'),
    t('rollcalls.states.safe'),
    t('rollcalls.states.need_help'),
    t('rollcalls.states.silent'),
  ];

  return (
    <section
      className="panel rollcall-board"
      data-accounted={Math.round(b.totals.accountedShare * 100)}
      data-complete={done ? 'true' : 'false'}
    >
      <p>
        <AppLink to="/rollcalls">{t('rollcalls.back')}</AppLink>
      </p>
      <h1>{b.question}</h1>
      <p className="hint">
        {t(`rollcalls.kinds.${b.kind}`)} · {t(`rollcalls.status.${b.status}`)} ·{' '}
        {t('rollcalls.startedAt', { when: formatDate(b.startedAt, true) })}
        {b.incidentId && (
          <>
            {' · '}
            <AppLink to={`/incidents/${encodeURIComponent(b.incidentId)}`}>{t('rollcalls.incident')}</AppLink>
          </>
        )}
      </p>
      {done ? (
        <p className="rollcall-complete" role="status">
          {t('rollcalls.complete', durationParts(b.timeTo100Ms!))}
        </p>
      ) : (
        <p className="rollcall-progress" role="status">
          {t('rollcalls.progress', {
            accounted: formatNumber(b.totals.safe + b.totals.needHelp),
            expected: formatNumber(b.totals.expected),
            share: formatNumber(Math.round(b.totals.accountedShare * 100)),
          })}
        </p>
      )}
      <div className="rollcall-totals">
        {(['safe', 'needHelp', 'silent'] as const).map((k) => (
          <div key={k} className={`total total-${k}`}>
            <span className="total-number">{formatNumber(b.totals[k])}</span>
            <span>{t(`rollcalls.states.${k === 'needHelp' ? 'need_help' : k}`)}</span>
          </div>
        ))}
      </div>
      <AccountedChart curve={b.curve} elapsedMs={elapsed} />
      {b.unlisted > 0 && <p className="hint">{t('rollcalls.unlisted', { count: b.unlisted })}</p>}
      <div className="rollcall-groups">
        <DataTable
          caption={t('rollcalls.byParty')}
          columns={[t('rollcalls.fields.party'), ...countColumns]}
          rows={groupRows(
            b.byParty.map((p) => ({ ...p, id: p.partyId })),
            partyName,
          )}
        />
        {b.bySite.length > 0 && (
          <DataTable
            caption={t('rollcalls.bySite')}
            columns={[t('rollcalls.fields.site'), ...countColumns]}
            rows={groupRows(b.bySite, (s) => siteNames.get(s) ?? s.slice(0, 8))}
          />
        )}
        {b.byMovement.length > 0 && (
          <DataTable
            caption={t('rollcalls.byMovement')}
            columns={[t('rollcalls.fields.movement'), ...countColumns]}
            rows={groupRows(b.byMovement, (m) => m.slice(0, 8))}
          />
        )}
        {b.byUnit.length > 0 && (
          <DataTable
            caption={t('rollcalls.byUnit')}
            columns={[t('rollcalls.fields.unit'), ...countColumns]}
            rows={groupRows(
              b.byUnit,
              (u) => b.subjects.find((s) => s.subject.id === u)?.name ?? u.slice(0, 8),
            )}
          />
        )}
      </div>
      <DataTable
        caption={t('rollcalls.subjects')}
        className="rollcall-subjects"
        columns={[
          t('rollcalls.fields.name'),
          t('rollcalls.fields.party'),
          t('rollcalls.fields.state'),
          t('rollcalls.fields.answeredAt'),
          t('rollcalls.fields.actions'),
        ]}
        rows={b.subjects.map((s) => ({
          key: `${s.subject.type}:${s.subject.id}`,
          cells: [
            s.name ?? `${t(`alerts.subjects.${s.subject.type}`)} ${s.subject.id.slice(0, 8)}`,
            partyName(s.partyId),
            <span key="state" className={`answer answer-${s.state}`}>
              {t(`rollcalls.states.${s.state}`)}
            </span>,
            s.answeredAt
              ? `${formatDate(s.answeredAt, true)} · ${t(`rollcalls.via.${s.answeredVia ?? 'app'}`)}`
              : '—',
            b.status === 'open' && can(me, 'rollcall.answer_for') ? (
              <AnswerFor key="answer" rollcallId={b.id} subject={s} onAnswered={reload} />
            ) : null,
          ],
        }))}
      />
      {b.status === 'open' && can(me, 'rollcall.start') && (
        <p>
          <button
            type="button"
            disabled={closer.busy}
            onClick={() =>
              void closer.run(() => api.post('/api/v1/rollcalls/{id}/close', {}, { id })).then(reload)
            }
          >
            {t('rollcalls.close')}
          </button>
        </p>
      )}
    </section>
  );
}

const countCells = (c: Counts) => [c.expected, c.safe, c.needHelp, c.silent].map((n) => formatNumber(n));

/** Staff record an answer for a person or unit who cannot (recorded as given on their behalf). */
function AnswerFor(props: { rollcallId: string; subject: BoardSubject; onAnswered: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { run, busy, error } = useAction();
  const { subject } = props.subject;
  const answer = async (value: 'safe' | 'need_help') => {
    const done = await run(() =>
      api.post(
        '/api/v1/rollcalls/{id}/subjects/{subjectType}/{subjectId}/answer',
        { answer: value },
        { id: props.rollcallId, subjectType: subject.type, subjectId: subject.id },
      ),
    );
    if (done) props.onAnswered();
  };
  return (
    <span className="answer-for">
      {(['safe', 'need_help'] as const).map((value) => (
        <button key={value} type="button" disabled={busy} onClick={() => void answer(value)}>
          {t(`rollcalls.answerFor.${value}`)}
        </button>
      ))}
      {error !== undefined && <span className="field-error">{errorText(error)}</span>}
    </span>
  );
}

/** The time now, renewed every `ms` (0: never), so an open roll-call's chart keeps moving. */
function useNow(ms: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (ms <= 0) return;
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
