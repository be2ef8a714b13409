import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ErrorState, Loading } from '../common/States.js';
import { useSession } from './session.js';

/**
 * Admins must add a second factor before anything else: the server refuses their other calls
 * (`totp_enrolment_required`) until this is done.
 */
export function TotpEnrolment() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [secret, setSecret] = useState<{ secret: string; otpauthUri: string; qr: string }>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api
      .post('/api/v1/me/totp')
      .then(async (answer) => {
        const { secret, otpauthUri } = answer as { secret: string; otpauthUri: string };
        setSecret({ secret, otpauthUri, qr: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 }) });
      })
      .catch(setError);
  }, []);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post('/api/v1/me/totp/confirm', { code } as never);
      await refresh();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="panel narrow" aria-labelledby="totp-title">
      <h1 id="totp-title">{t('totp.title')}</h1>
      <p>{t('totp.explain')}</p>
      {!secret && !error && <Loading />}
      {secret && (
        <>
          <img className="qr" src={secret.qr} alt={t('totp.qrAlt')} width={220} height={220} />
          <p>
            {t('totp.secretLabel')} <code className="secret">{secret.secret}</code>
          </p>
          <form onSubmit={confirm}>
            <label>
              {t('totp.code')}
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                required
                value={code}
                onChange={(e) => setCode(e.target.value.trim())}
              />
            </label>
            <button type="submit" className="primary">
              {t('totp.confirm')}
            </button>
          </form>
        </>
      )}
      {error !== undefined && <ErrorState error={error} />}
    </section>
  );
}
