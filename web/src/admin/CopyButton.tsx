import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies `text` to the clipboard; `label` names what is copied for a screen reader. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  }

  return (
    <button type="button" aria-label={label} onClick={() => void copy()}>
      {copied ? t('admin.copied') : t('admin.copy')}
    </button>
  );
}
