import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { navigate } from '../app/router.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';

/** An admin proposes a new version, starting from the text in force; every party's admin then signs it. */
export function ProposeVersion() {
  const current = useApi(async () => (await api.get('/api/v1/agreements/current')).source, []);
  if (current.error !== undefined) return <ErrorState error={current.error} onRetry={current.reload} />;
  if (current.data === undefined) return <Loading />;
  return <ProposalForm initial={current.data} />;
}

function ProposalForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const [source, setSource] = useState(initial);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const proposed = await api.post('/api/v1/agreements', { source });
      navigate(`/agreement/versions/${proposed.version}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <form className="propose" onSubmit={(e) => void submit(e)} aria-labelledby="propose-title">
      <h2 id="propose-title">{t('agreements.proposeTitle')}</h2>
      <p className="hint">{t('agreements.proposeHint')}</p>
      <label>
        {t('agreements.source')}
        <textarea
          name="source"
          value={source}
          onChange={(e) => setSource(e.target.value)}
          rows={24}
          spellCheck={false}
          dir="ltr"
        />
      </label>
      {error !== undefined && <ProposalError error={error} />}
      <p className="actions">
        <button type="submit" className="primary" disabled={busy || source === initial}>
          {t('agreements.propose')}
        </button>
        <button type="button" disabled={busy || source === initial} onClick={() => setSource(initial)}>
          {t('agreements.reset')}
        </button>
      </p>
    </form>
  );
}

/** A refused proposal: the error in the viewer's language, and the server's account of the clause it names. */
function ProposalError({ error }: { error: unknown }) {
  const message = error instanceof Error && 'code' in error ? error.message : undefined;
  return (
    <>
      <ErrorState error={error} />
      {message && (
        <p className="hint" dir="ltr">
          <code>{message}</code>
        </p>
      )}
    </>
  );
}
