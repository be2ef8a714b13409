import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { navigate } from '../app/router.js';
import { ErrorState, Loading } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import type { Checkpoint } from './checkpointStatus.js';
import { checkInclusion, type InclusionCheck } from './merkle.js';

export type Entry = components['schemas']['AuditEntry'];

/**
 * One entry: what it states, its hash and the previous one it chains to, and its inclusion proof in
 * the latest checkpoint, walked here in the browser from the entry's hash up to the signed root.
 */
export function EntryDetails({
  entry,
  latest,
  address,
}: {
  entry: Entry;
  latest: Checkpoint | undefined;
  address: (seq: number) => string;
}) {
  const { t } = useTranslation();
  const [proof, setProof] = useState<{ check: InclusionCheck; treeSize: number; sameEntry: boolean }>();
  const { run, error, busy: checking } = useAction();
  const inCheckpoint = latest !== undefined && entry.seq < latest.treeSize;

  async function verify() {
    if (!latest) return;
    const checked = await run(async () => {
      const answer = await api.get(
        '/api/v1/audit/entries/{seq}/proof',
        { seq: entry.seq },
        { treeSize: latest.treeSize },
      );
      const check = await checkInclusion(
        answer.leafIndex,
        answer.checkpoint.treeSize,
        entry.hash,
        answer.proof,
        // The root this viewer already holds, not the one the proof's answer brings along.
        latest.rootHash,
      );
      return { check, treeSize: latest.treeSize, sameEntry: answer.entry.hash === entry.hash };
    });
    if (checked) setProof(checked);
  }

  const verified = proof && proof.check.verified && proof.sameEntry;
  // The entry opens above the list: bring it, and the keyboard, to it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel audit-entry" aria-labelledby="entry-title">
      <div className="audit-head">
        <h2 id="entry-title" ref={heading} tabIndex={-1}>
          {t('auditLog.entryTitle', { seq: entry.seq })}
        </h2>
        <button type="button" onClick={() => navigate(address(-1))}>
          {t('common.close')}
        </button>
      </div>
      <dl className="details">
        <div>
          <dt>{t('auditLog.at')}</dt>
          <dd>{formatDate(entry.at, true)}</dd>
        </div>
        <div>
          <dt>{t('auditLog.actor')}</dt>
          <dd>
            {t(`auditLog.actorTypes.${entry.actorType}`)} <code>{entry.actorId ?? ''}</code>
          </dd>
        </div>
        <div>
          <dt>{t('auditLog.action')}</dt>
          <dd>
            <code>{entry.action}</code>
          </dd>
        </div>
        <div>
          <dt>{t('auditLog.entity')}</dt>
          <dd>
            <code>
              {entry.entityType} {entry.entityId ?? ''}
            </code>
          </dd>
        </div>
        <div>
          <dt>{t('auditLog.fields')}</dt>
          <dd>{entry.fields.length ? entry.fields.join(', ') : t('auditLog.noFields')}</dd>
        </div>
        {entry.details &&
          Object.entries(entry.details).map(([name, value]) => (
            <div key={name}>
              <dt>
                <code>{name}</code>
              </dt>
              <dd>{value}</dd>
            </div>
          ))}
        <div>
          <dt>{t('auditLog.hash')}</dt>
          <dd>
            <code className="hash">{entry.hash}</code>
          </dd>
        </div>
        <div>
          <dt>{t('auditLog.previous')}</dt>
          <dd>
            <code className="hash">{entry.prevHash}</code>
            {entry.seq > 0 && (
              <a
                href={address(entry.seq - 1)}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(address(entry.seq - 1));
                }}
              >
                {t('auditLog.previousLink', { seq: entry.seq - 1 })}
              </a>
            )}
          </dd>
        </div>
      </dl>
      <h3>{t('auditLog.proofTitle')}</h3>
      {!inCheckpoint && <p>{t('auditLog.notCheckpointed')}</p>}
      {inCheckpoint && !proof && (
        <button type="button" className="primary" disabled={checking} onClick={() => void verify()}>
          {t('auditLog.verifyProof', { size: formatNumber(latest.treeSize) })}
        </button>
      )}
      {checking && <Loading />}
      {error !== undefined && <ErrorState error={error} />}
      {proof && (
        <div className="proof">
          <p className={`status status-${verified ? 'verified' : 'inconsistent'}`} role="status">
            {verified
              ? t('auditLog.proofVerified', { size: formatNumber(proof.treeSize) })
              : t('auditLog.proofFailed', { size: formatNumber(proof.treeSize) })}
          </p>
          <ol className="proof-path" aria-label={t('auditLog.proofPath')}>
            <li>
              {t('auditLog.proofLeaf')} <code className="hash">{proof.check.leaf}</code>
            </li>
            {proof.check.steps.map((step, i) => (
              <li key={i}>
                {t(step.side === 'left' ? 'auditLog.proofStepLeft' : 'auditLog.proofStepRight')}{' '}
                <code className="hash">{step.sibling}</code> → <code className="hash">{step.result}</code>
              </li>
            ))}
            <li>
              {t('auditLog.proofRoot')} <code className="hash">{latest?.rootHash ?? ''}</code>
            </li>
          </ol>
        </div>
      )}
    </section>
  );
}

/** An entry not on the page in view (a link to it, or the previous one): read through its proof. */
export function EntryBySeq({
  seq,
  latest,
  address,
}: {
  seq: number;
  latest: Checkpoint;
  address: (seq: number) => string;
}) {
  const { data, error, reload } = useApi(
    async () =>
      (await api.get('/api/v1/audit/entries/{seq}/proof', { seq }, { treeSize: latest.treeSize })).entry,
    [seq, latest.treeSize],
  );
  if (error !== undefined) {
    return (
      <section className="panel audit-entry">
        <ErrorState error={error} onRetry={reload} />
      </section>
    );
  }
  if (data?.seq !== seq) return <Loading />;
  return <EntryDetails key={seq} entry={data} latest={latest} address={address} />;
}
