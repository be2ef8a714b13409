import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useMe } from '../auth/session.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { ShownOnce } from './ShownOnce.js';
import '../common/table.css';
import './admin.css';

/** The viewer's own API tokens: create (with a fresh authenticator code), copy once, revoke. */
export function TokensScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const tokens = useApi(() => api.get('/api/v1/tokens'), []);
  const [shown, setShown] = useState<{ name: string; secret: string }>();
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const answer = await api.post('/api/v1/tokens', {
        name,
        ...(days ? { expiresInDays: Number(days) } : {}),
        ...(me.totpEnrolled ? { totp } : {}),
      });
      setShown({ name: answer.token.name, secret: answer.secret });
      setName('');
      setDays('');
      setTotp('');
      tokens.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    setError(undefined);
    try {
      await api.post('/api/v1/tokens/{id}/revoke', undefined, { id });
      tokens.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <div className="admin">
      <section className="panel" aria-labelledby="tokens-title">
        <h1 id="tokens-title">{t('admin.tokens.title')}</h1>
        <p className="hint">{t('admin.tokens.explain')}</p>
        {shown && (
          <ShownOnce
            label={t('admin.tokens.secret', { name: shown.name })}
            secret={shown.secret}
            onDone={() => setShown(undefined)}
          />
        )}
        {tokens.error !== undefined && <ErrorState error={tokens.error} onRetry={tokens.reload} />}
        {!tokens.data && tokens.loading && <Loading />}
        {tokens.data && tokens.data.items.length === 0 && <Empty>{t('admin.tokens.none')}</Empty>}
        {tokens.data && tokens.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{t('admin.tokens.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.tokens.name')}</th>
                  <th scope="col">{t('admin.createdAt')}</th>
                  <th scope="col">{t('admin.tokens.expiresAt')}</th>
                  <th scope="col">{t('admin.tokens.lastUsedAt')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => (
                  <tr key={token.id} data-token={token.name}>
                    <td>{token.name}</td>
                    <td>{formatDate(token.createdAt, true)}</td>
                    <td>{token.expiresAt ? formatDate(token.expiresAt) : t('admin.tokens.never')}</td>
                    <td>
                      {token.lastUsedAt ? formatDate(token.lastUsedAt, true) : t('admin.tokens.unused')}
                    </td>
                    <td>
                      <div className="row">
                        {token.revoked ? (
                          t('admin.revoked')
                        ) : (
                          <button
                            type="button"
                            aria-label={t('admin.revokeNamed', { name: token.name })}
                            onClick={() => void revoke(token.id)}
                          >
                            {t('admin.revoke')}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="create-token-title">
        <h2 id="create-token-title">{t('admin.tokens.create')}</h2>
        <form onSubmit={create}>
          <label>
            {t('admin.tokens.name')}
            <input
              name="name"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            {t('admin.tokens.expiresInDays')}
            <input
              name="expiresInDays"
              type="number"
              min={1}
              max={3650}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          </label>
          {me.totpEnrolled && (
            <label>
              {t('admin.tokens.totp')}
              <input
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                required
                value={totp}
                onChange={(e) => setTotp(e.target.value.trim())}
              />
            </label>
          )}
          {error !== undefined && <ErrorState error={error} />}
          <button type="submit" className="primary" disabled={busy}>
            {t('admin.tokens.create')}
          </button>
        </form>
      </section>
    </div>
  );
}
