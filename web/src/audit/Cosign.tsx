import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ErrorState } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { formatNumber } from '../i18n/format.js';

/**
 * An admin's party cosigns a checkpoint on its own machine (`jsms audit sign`), where its key is:
 * the server never holds the other party's key. Here the admin hands in the signature line.
 */
export function Cosign({ treeSize, onSigned }: { treeSize: number; onSigned: () => void }) {
  const { t } = useTranslation();
  const [signature, setSignature] = useState('');
  const { run, error, busy } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const signed = await run(() =>
      api.post(
        '/api/v1/audit/checkpoints/{treeSize}/signatures',
        { signature: signature.trim() },
        { treeSize },
      ),
    );
    if (signed) onSigned();
  }

  return (
    <form className="cosign" onSubmit={submit}>
      <label>
        {t('auditLog.cosignLabel', { size: formatNumber(treeSize) })}
        <textarea
          name="signature"
          required
          rows={2}
          maxLength={1000}
          dir="ltr"
          value={signature}
          onChange={(e) => setSignature(e.target.value)}
        />
      </label>
      <p className="hint">{t('auditLog.cosignHint')}</p>
      {error !== undefined && <ErrorState error={error} />}
      <button type="submit" disabled={busy}>
        {t('auditLog.cosign')}
      </button>
    </form>
  );
}
