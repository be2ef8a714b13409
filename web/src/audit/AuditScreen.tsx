import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { navigate, useQuery } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { RecordTable } from '../common/RecordTable.js';
import { ErrorState } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { AuditFilters } from './AuditFilters.js';
import { auditAddress, filterNames } from './auditQuery.js';
import type { Checkpoint } from './checkpointStatus.js';
import { Checkpoints } from './Checkpoints.js';
import { type Entry, EntryBySeq, EntryDetails } from './EntryDetails.js';
import { useParties } from './useParties.js';
import './audit.css';

/** The audit log: checkpoints and their status, the entries filtered as the address says, one entry's proof. */
export function AuditScreen() {
  const { t } = useTranslation();
  const query = useQuery();
  const parties = useParties();
  const [latest, setLatest] = useState<Checkpoint>();
  const filters = Object.fromEntries(filterNames.map((n) => [n, query.get(n) ?? '']));
  const after = query.get('after') ?? '';
  const selected = query.get('entry');
  const key = query.toString();
  const entries = useApi(
    () => api.get('/api/v1/audit', {}, { ...filters, after, limit: 50 }),
    [JSON.stringify(filters), after],
  );
  // The same filters and page, another entry (or none, for -1).
  const entryAddress = (seq: number) =>
    auditAddress({ ...filters, after, entry: seq < 0 ? '' : String(seq) });
  const shown = selected === null ? undefined : entries.data?.items.find((e) => e.seq === Number(selected));

  return (
    <div className="audit" data-query={key}>
      <h1 className="visually-hidden">{t('auditLog.nav')}</h1>
      {selected !== null &&
        (shown ? (
          <EntryDetails key={shown.seq} entry={shown} latest={latest} address={entryAddress} />
        ) : (
          latest && <EntryBySeq seq={Number(selected)} latest={latest} address={entryAddress} />
        ))}
      {parties.error !== undefined && <ErrorState error={parties.error} onRetry={parties.reload} />}
      {parties.data && <Checkpoints parties={parties.data} onLoaded={setLatest} />}
      <section className="panel" aria-labelledby="entries-title" aria-busy={entries.loading}>
        <h2 id="entries-title">{t('auditLog.title')}</h2>
        <AuditFilters key={key} query={query} />
        <RecordTable
          loaded={entries}
          rows={entries.data?.items}
          caption={t('auditLog.title')}
          empty={t('auditLog.noEntries')}
          headers={[
            t('auditLog.seq'),
            t('auditLog.at'),
            t('auditLog.actor'),
            t('auditLog.action'),
            t('auditLog.entity'),
          ]}
        >
          {(entry) => (
            <EntryRow
              key={entry.seq}
              entry={entry}
              address={entryAddress}
              selected={entry.seq === Number(selected)}
            />
          )}
        </RecordTable>
        <div className="pager">
          {after && (
            <button type="button" onClick={() => navigate(auditAddress(filters))}>
              {t('auditLog.newest')}
            </button>
          )}
          {entries.data?.next && (
            <button
              type="button"
              onClick={() => navigate(auditAddress({ ...filters, after: entries.data!.next! }))}
            >
              {t('auditLog.older')}
            </button>
          )}
        </div>
      </section>
    </div>
  );
}

function EntryRow({
  entry,
  address,
  selected,
}: {
  entry: Entry;
  address: (seq: number) => string;
  selected: boolean;
}) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <tr className={selected ? 'selected' : undefined} data-action={entry.action}>
      <td>
        <a
          href={address(entry.seq)}
          aria-label={t('auditLog.openEntry', { seq: entry.seq })}
          onClick={(event) => {
            event.preventDefault();
            navigate(address(entry.seq));
          }}
        >
          {entry.seq}
        </a>
      </td>
      <td>{formatDate(entry.at, true)}</td>
      <td className="actor">
        {entry.actorId === me.id ? t('auditLog.you') : t(`auditLog.actorTypes.${entry.actorType}`)}{' '}
        <code>{entry.actorId ?? ''}</code>
      </td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td>
        <code>{entry.entityId ?? entry.entityType}</code>
      </td>
    </tr>
  );
}
