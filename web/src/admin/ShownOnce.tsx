import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton.js';

/**
 * A secret the server shows only once (a password, a token): copy it now, or (`children`) use
 * what is built from it, such as a phone's enrolment codes; none of it can be shown again after
 * this is closed.
 */
export function ShownOnce({
  label,
  secret,
  children,
  onDone,
}: {
  label: string;
  secret: string;
  children?: ReactNode;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const done = (
    <button type="button" onClick={onDone}>
      {t('admin.done')}
    </button>
  );
  return (
    <div className="shown-once" role="region" aria-label={label}>
      <p>
        <strong>{label}</strong>
      </p>
      <p className="hint">{t('admin.shownOnce')}</p>
      <code className="secret" data-secret>
        {secret}
      </code>
      {children ? (
        <>
          <div className="row">
            <CopyButton text={secret} />
          </div>
          {children}
          <div className="row">{done}</div>
        </>
      ) : (
        <div className="row">
          <CopyButton text={secret} />
          {done}
        </div>
      )}
    </div>
  );
}
