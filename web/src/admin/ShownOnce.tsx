import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A secret the server shows only once (a password, a token): copy it now, or scan it from the
 * screen with the phone that will use it; it cannot be shown again after this is closed.
 */
export function ShownOnce({
  label,
  secret,
  withQr = false,
  onDone,
}: {
  label: string;
  secret: string;
  withQr?: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string>();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (withQr) void QRCode.toDataURL(secret, { margin: 1, width: 240 }).then(setQr);
  }, [secret, withQr]);

  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }

  return (
    <div className="shown-once" role="region" aria-label={label}>
      <p>
        <strong>{label}</strong>
      </p>
      <p className="hint">{t('admin.shownOnce')}</p>
      <code className="secret" data-secret>
        {secret}
      </code>
      {qr && <img className="qr" src={qr} alt={t('admin.qrAlt')} width={240} height={240} />}
      <div className="row">
        <button type="button" onClick={() => void copy()}>
          {copied ? t('admin.copied') : t('admin.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('admin.done')}
        </button>
      </div>
    </div>
  );
}
