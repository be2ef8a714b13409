import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { type Checkpoint, checkpointStatus, type CheckpointStatus } from './checkpointStatus.js';
import type { Party } from './useParties.js';

export interface CheckedCheckpoint {
  checkpoint: Checkpoint;
  status: CheckpointStatus;
}

/** The latest checkpoints, each with the status the browser worked out from its proof and signatures. */
async function loadCheckpoints(parties: readonly Party[]): Promise<CheckedCheckpoint[]> {
  const { items } = await api.get('/api/v1/audit/checkpoints', {}, { limit: 10 });
  const bySize = new Map(items.map((c) => [c.treeSize, c]));
  const partyIds = parties.map((p) => p.id);
  return Promise.all(
    items.map(async (checkpoint) => {
      const size = checkpoint.previousSize;
      const previous =
        size === null
          ? null
          : (bySize.get(size) ?? (await api.get('/api/v1/audit/checkpoints/{treeSize}', { treeSize: size })));
      return { checkpoint, status: await checkpointStatus(checkpoint, previous, partyIds) };
    }),
  );
}

/** The checkpoints: size, root, who signed and when, and whether they check out. */
export function Checkpoints({
  parties,
  onLoaded,
}: {
  parties: readonly Party[];
  onLoaded: (latest: Checkpoint | undefined) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>();
  const { data, error, loading, reload } = useApi(async () => {
    const checked = await loadCheckpoints(parties);
    onLoaded(checked[0]?.checkpoint);
    return checked;
  }, [parties]);
  const partyName = (id: string) => parties.find((p) => p.id === id)?.name ?? id;

  async function create() {
    setCreating(true);
    setCreateError(undefined);
    try {
      await api.post('/api/v1/audit/checkpoints');
      reload();
    } catch (caught) {
      setCreateError(caught);
    } finally {
      setCreating(false);
    }
  }

  return (
    <section className="panel audit-checkpoints" aria-labelledby="checkpoints-title">
      <div className="audit-head">
        <h2 id="checkpoints-title">{t('auditLog.checkpoints')}</h2>
        {can(me, 'audit.checkpoint') && (
          <button type="button" className="primary" disabled={creating} onClick={() => void create()}>
            {t('auditLog.createCheckpoint')}
          </button>
        )}
      </div>
      <p className="hint">{t('auditLog.checkpointsExplain')}</p>
      {createError !== undefined && <ErrorState error={createError} />}
      {error !== undefined && <ErrorState error={error} onRetry={reload} />}
      {!data && loading && <Loading />}
      {data && data.length === 0 && <Empty>{t('auditLog.noCheckpoints')}</Empty>}
      {data && data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t('auditLog.checkpoints')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auditLog.treeSize')}</th>
                <th scope="col">{t('auditLog.status')}</th>
                <th scope="col">{t('auditLog.signedBy')}</th>
                <th scope="col">{t('auditLog.root')}</th>
                <th scope="col">{t('auditLog.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map(({ checkpoint, status }) => (
                <tr key={checkpoint.treeSize} data-tree-size={checkpoint.treeSize}>
                  <td>{formatNumber(checkpoint.treeSize)}</td>
                  <td>
                    <span className={`status status-${status}`}>{t(`auditLog.statuses.${status}`)}</span>
                  </td>
                  <td>
                    {checkpoint.signatures.length === 0
                      ? t('auditLog.nobodySigned')
                      : checkpoint.signatures.map((s) => (
                          <div key={s.partyId}>
                            {t('auditLog.signedAt', {
                              party: partyName(s.partyId),
                              at: formatDate(s.signedAt, true),
                            })}
                          </div>
                        ))}
                  </td>
                  <td>
                    <code className="hash" title={checkpoint.rootHash}>
                      {checkpoint.rootHash.slice(0, 16)}
                    </code>
                  </td>
                  <td>{formatDate(checkpoint.createdAt, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
