import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Answer } from '../api/client.js';
import { ErrorState, Loading } from '../common/States.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import type { Draft } from './incident.js';
import { IncidentForm } from './IncidentForm.js';
import { IncidentLink } from './IncidentLink.js';

type Drafts = Answer<'/api/v1/incidents/extract', 'post'>;
type Article = { text: string; published: string; publisher: string; title: string; url: string };

const today = () => new Date().toISOString().slice(0, 10);

/**
 * An article pasted as text becomes drafts (nothing stored): each is shown as the incident form to
 * check and edit, and is recorded only when confirmed.
 */
export function NewsDraft() {
  const { t } = useTranslation();
  const id = useId();
  const [article, setArticle] = useState<Article>({
    text: '',
    published: today(),
    publisher: '',
    title: '',
    url: '',
  });
  const [drafts, setDrafts] = useState<Drafts>();
  const [created, setCreated] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Article, value: string) => setArticle((a) => ({ ...a, [name]: value }));

  const extract = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setDrafts(
        await api.post('/api/v1/incidents/extract', {
          text: article.text,
          published: article.published,
          // Unnamed, the API names the source "news article".
          ...(article.publisher.trim() ? { publisher: article.publisher.trim() } : {}),
          title: article.title.trim() || null,
          url: article.url.trim() || null,
        }),
      );
      setCreated({});
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const input = (name: Exclude<keyof Article, 'text'>, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{t(`incidents.draft.article.${name}`)}</label>
      <input
        id={`${id}-${name}`}
        type={type}
        value={article[name]}
        onChange={(e) => set(name, e.target.value)}
      />
    </div>
  );

  return (
    <section className="panel incident-draft" aria-labelledby="draft-title">
      <h1 id="draft-title">{t('incidents.draft.title')}</h1>
      <p className="hint">{t('incidents.draft.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void extract();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('incidents.draft.article.text')}</label>
          <textarea
            dir="auto"
            id={`${id}-text`}
            rows={10}
            value={article.text}
            onChange={(e) => set('text', e.target.value)}
          />
        </div>
        <div className="field-grid">
          {input('published', 'date')}
          {input('publisher')}
          {input('title')}
          {input('url', 'url')}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !article.text.trim()}>
            {t('incidents.draft.extract')}
          </button>
        </div>
      </form>
      {busy && <Loading />}
      {error !== undefined && <ErrorState error={error} />}
      {drafts && (
        <div className="drafts">
          <h2>
            {t('incidents.draft.found', {
              count: drafts.incidents.length,
              formatted: formatNumber(drafts.incidents.length),
            })}
          </h2>
          {drafts.incidents.map((draft, index) => (
            <article key={index} className="draft" aria-labelledby={`${id}-draft-${index}`}>
              <h3 id={`${id}-draft-${index}`}>
                {t('incidents.draft.number', { number: formatNumber(index + 1) })}
              </h3>
              {created[index] ? (
                <p role="status">
                  {t('incidents.draft.created')}{' '}
                  <IncidentLink id={created[index]}>{t('incidents.draft.open')}</IncidentLink>
                </p>
              ) : (
                <>
                  {draft.date === null && <p className="notice">{t('incidents.draft.noDate')}</p>}
                  <IncidentForm
                    initial={draft as Draft}
                    submitLabel={t('incidents.draft.confirm')}
                    onSubmit={async (account) => {
                      const incident = await api.post('/api/v1/incidents', account);
                      setCreated((c) => ({ ...c, [index]: incident.id }));
                    }}
                  />
                </>
              )}
            </article>
          ))}
          {drafts.aggregates.length > 0 && (
            <>
              <h2>{t('incidents.draft.aggregates')}</h2>
              <ul className="aggregates">
                {drafts.aggregates.map((a, i) => (
                  <li key={i}>
                    {t('incidents.draft.aggregate', {
                      region: a.region ?? t('incidents.draft.noRegion'),
                      from: formatDate(a.periodFrom),
                      to: formatDate(a.periodTo),
                      killed: a.killed == null ? t('common.none') : formatNumber(a.killed),
                      wounded: a.wounded == null ? t('common.none') : formatNumber(a.wounded),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
