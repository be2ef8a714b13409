import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client.js';
import { can } from '../app/can.js';
import { usePath } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { DataTable } from '../common/DataTable.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import type { StreamFrame } from '../tracking/liveStream.js';
import { isRollcallFrame, mergeSummary, type RollcallSummary } from './rollcall.js';
import { RollcallBoardView } from './RollcallBoardView.js';
import { StartRollcall } from './StartRollcall.js';
import { useStreamFrames } from './useStreamFrames.js';
import './rollcalls.css';

/** Roll-calls: the list at /rollcalls with the start form, and each board at /rollcalls/:id. */
export function RollcallsScreen() {
  const path = usePath();
  const id = decodeURIComponent(path.replace(/^\/rollcalls\/?/, ''));
  return id ? <RollcallBoardView key={id} id={id} /> : <RollcallList />;
}

function RollcallList() {
  const { t } = useTranslation();
  const me = useMe();
  const [live, setLive] = useState<RollcallSummary[]>([]);
  const loaded = useApi(
    () => request<{ items: RollcallSummary[] }>('GET', '/api/v1/rollcalls?limit=50').then((p) => p.items),
    [],
  );
  const onFrame = useCallback((frame: StreamFrame) => {
    if (isRollcallFrame(frame)) setLive((held) => mergeSummary(held, frame.rollcall));
  }, []);
  useStreamFrames(true, onFrame);
  const list = live.reduce(mergeSummary, loaded.data ?? []);

  return (
    <section className="panel rollcalls">
      <h1>{t('rollcalls.title')}</h1>
      {can(me, 'rollcall.start') && <StartRollcall />}
      {loaded.error !== undefined && <ErrorState error={loaded.error} onRetry={loaded.reload} />}
      {loaded.loading && !loaded.data && <Loading />}
      {loaded.data && list.length === 0 && <Empty>{t('rollcalls.none')}</Empty>}
      {list.length > 0 && (
        <DataTable
          caption={t('rollcalls.list')}
          hideCaption
          columns={[
            t('rollcalls.fields.startedAt'),
            t('rollcalls.fields.kind'),
            t('rollcalls.fields.status'),
            t('rollcalls.fields.expected'),
            t('rollcalls.fields.accounted'),
          ]}
          rows={list.map((r) => ({
            key: r.id,
            cells: [
              <AppLink key="open" to={`/rollcalls/${encodeURIComponent(r.id)}`}>
                {formatDate(r.startedAt, true)}
              </AppLink>,
              t(`rollcalls.kinds.${r.kind}`),
              t(`rollcalls.status.${r.status}`),
              formatNumber(r.totals.expected),
              `${formatNumber(Math.round(r.totals.accountedShare * 100))} %`,
            ],
          }))}
        />
      )}
    </section>
  );
}
