import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request, urlOf, type Answer } from '../api/client.js';
import { AppLink } from '../common/AppLink.js';
import { ErrorState, Loading } from '../common/States.js';
import { formatNumber } from '../i18n/format.js';
import { incidentsPath } from './incident.js';

type Report = Answer<'/api/v1/incidents/import', 'post'>;
const formats = ['jsms', 'acled', 'ucdp', 'gtd'] as const;

/** Sends the file as text/csv; a dry run reads and checks every row and stores nothing. */
function importFile(file: File, format: string, dryRun: boolean): Promise<Report> {
  return request<Report>(
    'POST',
    urlOf('/api/v1/incidents/import', {}, { format, dryRun: dryRun || undefined }),
    file,
    'text/csv',
  );
}

/**
 * A CSV file of incidents: first a preview of what would be stored, repaired and rejected (the
 * API's dry run, nothing stored), then, on confirm, the import itself and what it did.
 */
export function IncidentImport() {
  const { t } = useTranslation();
  const id = useId();
  const [format, setFormat] = useState<string>('jsms');
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<Report>();
  const [result, setResult] = useState<Report>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const report = await importFile(file, format, dryRun);
      if (dryRun) setPreview(report);
      else setResult(report);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const choose = (chosen: File | undefined, chosenFormat = format) => {
    setFile(chosen);
    setFormat(chosenFormat);
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
  };

  return (
    <section className="panel incident-import" aria-labelledby="import-title">
      <h1 id="import-title">{t('incidents.import.title')}</h1>
      <p className="hint">{t('incidents.import.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run(true);
        }}
      >
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${id}-format`}>{t('incidents.import.format')}</label>
            <select id={`${id}-format`} value={format} onChange={(e) => choose(file, e.target.value)}>
              {formats.map((f) => (
                <option key={f} value={f}>
                  {t(`incidents.import.formats.${f}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('incidents.import.file')}</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => choose(e.target.files?.[0])}
            />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!file || busy}>
            {t('incidents.import.check')}
          </button>
        </div>
      </form>
      {busy && <Loading />}
      {error !== undefined && <ErrorState error={error} />}
      {preview && !result && (
        <div className="import-preview" aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`}>{t('incidents.import.preview')}</h2>
          <p className="notice" role="status">
            {t('incidents.import.nothingStored')}
          </p>
          <ImportReport report={preview} />
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={busy || preview.added === 0}
              onClick={() => void run(false)}
            >
              {t('incidents.import.confirm', {
                count: preview.added,
                formatted: formatNumber(preview.added),
              })}
            </button>
            <button type="button" onClick={() => choose(undefined)}>
              {t('incidents.cancel')}
            </button>
          </div>
        </div>
      )}
      {result && (
        <div className="import-result" aria-labelledby={`${id}-result`}>
          <h2 id={`${id}-result`}>{t('incidents.import.done')}</h2>
          <ImportReport report={result} />
          <AppLink to={incidentsPath()}>{t('incidents.import.toList')}</AppLink>
        </div>
      )}
    </section>
  );
}

/** What an import did or would do: the counts, then each rejected, repaired, skipped or doubtful row. */
function ImportReport({ report }: { report: Report }) {
  const { t } = useTranslation();
  const n = (value: number) => formatNumber(value);
  const verb = report.dryRun ? 'wouldAdd' : 'added';
  const counts: [string, number][] = [
    ['rows', report.rows],
    [verb, report.added],
    ['repaired', report.repaired],
    ['rejected', report.rejected.length],
    ['duplicates', report.duplicates],
    ['skipped', report.skipped.length],
  ];
  const notes = [...report.repairs, ...report.warnings].sort((a, b) => a.record - b.record);
  return (
    <>
      <dl className="import-counts">
        {counts.map(([key, value]) => (
          <div key={key} className={key === 'rejected' && value > 0 ? 'count-bad' : undefined}>
            <dt>{t(`incidents.import.count.${key}`)}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
      {report.rejected.length > 0 && (
        <RowTable
          caption={t('incidents.import.rejectedCaption')}
          className="rejected-rows"
          rows={report.rejected.map((r) => ({
            ...r,
            kind: t('incidents.import.kind.rejected'),
            text: r.message,
          }))}
        />
      )}
      {notes.length > 0 && (
        <RowTable
          caption={t('incidents.import.repairedCaption')}
          className="repaired-rows"
          rows={notes.map((r) => ({ ...r, kind: t(`incidents.import.kind.${r.kind}`), text: r.message }))}
        />
      )}
      {report.skipped.length > 0 && (
        <RowTable
          caption={t('incidents.import.skippedCaption')}
          className="skipped-rows"
          rows={report.skipped.map((r) => ({
            ...r,
            field: '',
            kind: t('incidents.import.kind.skipped'),
            text: r.reason,
          }))}
        />
      )}
      {report.possibleDuplicates.length > 0 && (
        <p>
          {t('incidents.import.possibleDuplicates', {
            count: report.possibleDuplicates.length,
            formatted: n(report.possibleDuplicates.length),
          })}
        </p>
      )}
    </>
  );
}

function RowTable(props: {
  caption: string;
  className: string;
  rows: { record: number; line: number; field: string; kind: string; text: string }[];
}) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className={props.className}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="number">
              {t('incidents.import.record')}
            </th>
            <th scope="col" className="number">
              {t('incidents.import.line')}
            </th>
            <th scope="col">{t('incidents.import.what')}</th>
            <th scope="col">{t('incidents.import.column')}</th>
            <th scope="col">{t('incidents.import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              <td className="number">{formatNumber(row.record)}</td>
              <td className="number">{formatNumber(row.line)}</td>
              <td>{row.kind}</td>
              <td>
                <code>{row.field}</code>
              </td>
              <td lang="en" dir="ltr">
                {row.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
