import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { ErrorState } from '../common/States.js';

/**
 * A refused movement action in the viewer's language: a refusal of the agreement names the clause
 * and version that refused (a departure without the escort the protection clause requires); any
 * other error as every screen shows it.
 */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (
    error instanceof ApiError &&
    error.code === 'agreement_refuses' &&
    typeof error.details.clause === 'string'
  ) {
    return (
      <div className="state state-error" role="alert">
        <p>
          {t('movements.refused', {
            clause: error.details.clause,
            version: error.details.agreementVersion ?? '',
          })}
        </p>
        <p className="hint">{error.message}</p>
      </div>
    );
  }
  return <ErrorState error={error} />;
}
