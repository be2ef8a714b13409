import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, request, urlOf } from '../api/client.js';
import { AppLink } from '../common/AppLink.js';
import { ErrorState } from '../common/States.js';
import { formatNumber } from '../i18n/format.js';
import { personColumns } from '../../../src/registry/person.columns.js';

type Outcome = Answer<'/api/v1/persons/import', 'post'>;

/**
 * Registers persons from a CSV file: checked first (a dry run shows the rejected rows), then
 * imported all or none, or only the good rows when the viewer chooses.
 */
export function PersonImport() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      // The check reads every row and lists all the rejected ones (a dry run stores nothing).
      const url = urlOf('/api/v1/persons/import', {}, { dryRun, partial: dryRun || partial || undefined });
      setOutcome(await request<Outcome>('POST', url, await file.arrayBuffer(), 'text/csv'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const check = (event: FormEvent) => {
    event.preventDefault();
    void send(true);
  };

  return (
    <form className="person-import" onSubmit={check} aria-labelledby="import-title">
      <p>
        <AppLink to="/registry/persons">{t('registry.persons.back')}</AppLink>
      </p>
      <h2 id="import-title">{t('registry.import.title')}</h2>
      <p className="hint">{t('registry.import.hint', { columns: Object.keys(personColumns).join(', ') })}</p>
      <label>
        {t('registry.import.file')}
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setOutcome(undefined);
          }}
        />
      </label>
      <label className="inline">
        <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} />
        {t('registry.import.partial')}
      </label>
      <p className="actions">
        <button type="submit" disabled={!file || busy}>
          {t('registry.import.check')}
        </button>
        {outcome?.dryRun && (outcome.rejected.length === 0 || partial) && (
          <button type="button" className="primary" disabled={busy} onClick={() => void send(false)}>
            {t('registry.import.confirm')}
          </button>
        )}
      </p>
      {error !== undefined && <ErrorState error={error} />}
      {outcome && (
        <div role="status">
          <p>
            {outcome.dryRun
              ? t('registry.import.checked', {
                  rows: formatNumber(outcome.rows),
                  good: formatNumber(outcome.imported),
                })
              : t('registry.import.done', { count: outcome.imported })}
          </p>
          {outcome.rejected.length > 0 && (
            <table className="records">
              <caption>{t('registry.import.rejected')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('registry.import.line')}</th>
                  <th scope="col">{t('registry.import.field')}</th>
                  <th scope="col">{t('registry.import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.rejected.map((row) => (
                  <tr key={`${row.line}-${row.field}`}>
                    <td>{formatNumber(row.line)}</td>
                    <td>{row.field}</td>
                    <td>{row.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </form>
  );
}
