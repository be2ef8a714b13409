import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { RecordTable } from '../common/RecordTable.js';
import { ErrorState } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { Cosign } from './Cosign.js';
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
  const creation = useAction();
  const { data, error, loading, reload } = useApi(async () => {
    const checked = await loadCheckpoints(parties);
    onLoaded(checked[0]?.checkpoint);
    return checked;
  }, [parties]);
  // The latest checkpoint, when the viewer's party may cosign it and has not yet.
  const latest = data?.[0]?.checkpoint;
  const unsigned =
    latest && can(me, 'audit.checkpoint') && !latest.signatures.some((s) => s.partyId === me.partyId)
      ? latest
      : undefined;
  const partyName = (id: string) => parties.find((p) => p.id === id)?.name ?? id;

  async function create() {
    if (await creation.run(() => api.post('/api/v1/audit/checkpoints'))) reload();
  }

  return (
    <section className="panel audit-checkpoints" aria-labelledby="checkpoints-title">
      <div className="audit-head">
        <h2 id="checkpoints-title">{t('auditLog.checkpoints')}</h2>
        {can(me, 'audit.checkpoint') && (
          <button type="button" className="primary" disabled={creation.busy} onClick={() => void create()}>
            {t('auditLog.createCheckpoint')}
          </button>
        )}
      </div>
      <p className="hint">{t('auditLog.checkpointsExplain')}</p>
      {creation.error !== undefined && <ErrorState error={creation.error} />}
      <RecordTable
        loaded={{ error, loading, reload }}
        rows={data}
        caption={t('auditLog.checkpoints')}
        empty={t('auditLog.noCheckpoints')}
        headers={[
          t('auditLog.treeSize'),
          t('auditLog.status'),
          t('auditLog.signedBy'),
          t('auditLog.root'),
          t('auditLog.createdAt'),
        ]}
      >
        {({ checkpoint, status }) => (
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
        )}
      </RecordTable>
      {unsigned && <Cosign treeSize={unsigned.treeSize} onSigned={reload} />}
    </section>
  );
}
