import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useMe } from '../auth/session.js';
import { RecordTable } from '../common/RecordTable.js';
import { ErrorState } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { ShownOnce } from './ShownOnce.js';
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
  const action = useAction();

  async function create(event: FormEvent) {
    event.preventDefault();
    const answer = await action.run(() =>
      api.post('/api/v1/tokens', {
        name,
        ...(days ? { expiresInDays: Number(days) } : {}),
        ...(me.totpEnrolled ? { totp } : {}),
      }),
    );
    if (!answer) return;
    setShown({ name: answer.token.name, secret: answer.secret });
    setName('');
    setDays('');
    setTotp('');
    tokens.reload();
  }

  async function revoke(id: string) {
    if (await action.run(() => api.post('/api/v1/tokens/{id}/revoke', undefined, { id }))) tokens.reload();
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
        <RecordTable
          loaded={tokens}
          rows={tokens.data?.items}
          caption={t('admin.tokens.title')}
          empty={t('admin.tokens.none')}
          headers={[
            t('admin.tokens.name'),
            t('admin.createdAt'),
            t('admin.tokens.expiresAt'),
            t('admin.tokens.lastUsedAt'),
            t('admin.actions'),
          ]}
        >
          {(token) => (
            <tr key={token.id} data-token={token.name}>
              <td>{token.name}</td>
              <td>{formatDate(token.createdAt, true)}</td>
              <td>{token.expiresAt ? formatDate(token.expiresAt) : t('admin.tokens.never')}</td>
              <td>{token.lastUsedAt ? formatDate(token.lastUsedAt, true) : t('admin.tokens.unused')}</td>
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
          )}
        </RecordTable>
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
          {action.error !== undefined && <ErrorState error={action.error} />}
          <button type="submit" className="primary" disabled={action.busy}>
            {t('admin.tokens.create')}
          </button>
        </form>
      </section>
    </div>
  );
}
