import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { navigate, useQuery } from '../app/router.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { lineDiff, withContext } from './lineDiff.js';

/** A value of the document as one short line: text as is, anything else as JSON. */
const valueText = (value: unknown) =>
  value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** What changed between two versions: clause by clause, and the text line by line. */
export function AgreementDiff() {
  const { t } = useTranslation();
  const query = useQuery();
  const versions = useApi(() => api.get('/api/v1/agreements'), []);
  const items = versions.data?.items ?? [];
  const newest = items[0]?.version;
  const inForce = items.find((v) => v.status === 'in_force')?.version;
  const to = Number(query.get('to')) || newest;
  const from =
    Number(query.get('from')) ||
    (to !== undefined && inForce !== undefined && inForce < to ? inForce : (to ?? 1) - 1);
  const ready = to !== undefined && from >= 1 && from !== to;
  const diff = useApi(
    async () =>
      ready
        ? Promise.all([
            api.get('/api/v1/agreements/{version}/diff', { version: to }, { from }),
            api.get('/api/v1/agreements/{version}', { version: from }),
            api.get('/api/v1/agreements/{version}', { version: to }),
          ])
        : undefined,
    [from, to, ready],
  );
  const choose = (name: 'from' | 'to', value: string) => {
    const next = new URLSearchParams({ from: String(from), to: String(to ?? '') });
    next.set(name, value);
    navigate(`/agreement/diff?${next.toString()}`);
  };

  if (versions.error !== undefined) return <ErrorState error={versions.error} onRetry={versions.reload} />;
  if (!versions.data) return <Loading />;
  if (items.length < 2) return <Empty>{t('agreements.nothingToCompare')}</Empty>;
  const [changes, before, after] = diff.data ?? [];
  return (
    <article aria-labelledby="diff-title">
      <h2 id="diff-title">{t('agreements.diffTitle', { from, to })}</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        {(['from', 'to'] as const).map((name) => (
          <label key={name}>
            {t(`agreements.diff.${name}`)}
            <select
              value={String(name === 'from' ? from : to)}
              onChange={(e) => choose(name, e.target.value)}
            >
              {items.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('agreements.versionWithStatus', {
                    version: v.version,
                    status: t(`agreements.statusOf.${v.status}`),
                  })}
                </option>
              ))}
            </select>
          </label>
        ))}
      </form>
      {!ready && <Empty>{t('agreements.chooseTwo')}</Empty>}
      {diff.error !== undefined && <ErrorState error={diff.error} onRetry={diff.reload} />}
      {ready && diff.loading && !diff.data && <Loading />}
      {changes && changes.changes.length === 0 && <Empty>{t('agreements.noChanges')}</Empty>}
      {changes && changes.changes.length > 0 && (
        <div className="table-scroll" aria-busy={diff.loading}>
          <table className="records clause-diff">
            <caption>{t('agreements.changesCaption', { count: changes.changes.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agreements.clause')}</th>
                <th scope="col">{t('agreements.diff.before', { version: changes.from })}</th>
                <th scope="col">{t('agreements.diff.after', { version: changes.to })}</th>
              </tr>
            </thead>
            <tbody>
              {changes.changes.map((change) => (
                <tr key={change.path}>
                  <th scope="row" dir="ltr">
                    <code>{change.path}</code>
                  </th>
                  <td className="before" dir="ltr">
                    {change.from === null ? (
                      <span className="muted">{t('agreements.absent')}</span>
                    ) : (
                      <code>{valueText(change.from)}</code>
                    )}
                  </td>
                  <td className="after" dir="ltr">
                    {change.to === null ? (
                      <span className="muted">{t('agreements.absent')}</span>
                    ) : (
                      <code>{valueText(change.to)}</code>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {before && after && <TextDiff before={before.source} after={after.source} />}
    </article>
  );
}

/** The two texts' changed lines with three lines around each, numbered as in each text. */
function TextDiff({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const lines = withContext(lineDiff(before, after));
  if (lines.length === 0) return <p className="muted">{t('agreements.sameText')}</p>;
  const mark = { same: ' ', removed: '−', added: '+' } as const;
  return (
    <section aria-labelledby="text-diff">
      <h3 id="text-diff">{t('agreements.textDiff')}</h3>
      <div className="source-scroll" tabIndex={0} role="region" aria-labelledby="text-diff">
        <table className="source-lines text-diff" dir="ltr">
          <thead>
            <tr>
              <th scope="col">{t('agreements.diff.oldLine')}</th>
              <th scope="col">{t('agreements.diff.newLine')}</th>
              <th scope="col">{t('agreements.diff.line')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) =>
              line === null ? (
                <tr key={index} className="gap">
                  <td colSpan={3}>⋯</td>
                </tr>
              ) : (
                <tr key={index} className={`line-${line.op}`}>
                  <td>{line.oldLine ?? ''}</td>
                  <td>{line.newLine ?? ''}</td>
                  <td>
                    <code>
                      <span aria-hidden="true">{mark[line.op]} </span>
                      <span className="visually-hidden">
                        {line.op === 'same' ? '' : t(`agreements.diff.${line.op}`)}
                      </span>
                      {line.text}
                    </code>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
