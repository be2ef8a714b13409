import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { LanguagePicker } from '../app/LanguagePicker.js';
import { ErrorState } from '../common/States.js';
import { useSession } from './session.js';

/** Username and password, then the authenticator's six digits when the account has TOTP. */
export function SignIn() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/v1/sessions', { username, password, ...(totp ? { totp } : {}) });
      await refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <h1>{t('app.name')}</h1>
          <LanguagePicker />
        </div>
        <p className="muted">{t('app.tagline')}</p>
        <form onSubmit={submit} aria-label={t('signIn.title')}>
          <label>
            {t('signIn.username')}
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label>
            {t('signIn.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {/* Always asked: the server answers a missing code as it answers a wrong password, so
              the form cannot tell who needs one without telling an attacker the password was right. */}
          <label>
            {t('signIn.totp')}
            <input
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              value={totp}
              onChange={(e) => setTotp(e.target.value.trim())}
              aria-describedby="totp-hint"
            />
            <span className="hint" id="totp-hint">
              {t('signIn.totpHint')}
            </span>
          </label>
          {error !== undefined && <ErrorState error={error} />}
          <button type="submit" className="primary" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
