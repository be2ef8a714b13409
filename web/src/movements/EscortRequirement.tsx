import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session.js';
import { formatNumber } from '../i18n/format.js';
import { requirementLines, type Shortfall } from './escort.js';
import type { Movement } from './movement.js';

/**
 * What the assessment requires of the escort (the kinds of unit the viewer's party may provide here,
 * armed escort vehicles, an armoured passenger vehicle) against what the accepted units give, with
 * the shortfall spelled out as the server measured it.
 */
export function EscortRequirement({
  movement,
  shortfall,
}: {
  movement: Movement;
  shortfall: readonly Shortfall[] | null;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const required = movement.assessment?.required;
  if (!required || shortfall === null) return <p>{t('movements.escort.notAssessed')}</p>;
  const kinds = Object.entries(required.providers)
    .filter(([, providers]) => providers.includes(me.partyKind))
    .map(([kind]) => t(`enums.unitKind.${kind}`, { defaultValue: kind }));
  const lines = requirementLines(required, shortfall);
  const complete = shortfall.length === 0;
  return (
    <div className="escort-requirement" data-complete={complete}>
      <p className="hint">
        {t('movements.escort.under', { clause: required.clause })}{' '}
        {kinds.length > 0
          ? t('movements.escort.kinds', { kinds: kinds.join(t('movements.listSeparator')) })
          : t('movements.escort.noKinds')}
      </p>
      {lines.length === 0 ? (
        <p>{t('movements.escort.nothingRequired')}</p>
      ) : (
        <ul className="escort-lines">
          {lines.map((line, i) => (
            <li key={i} data-rule={line.rule} data-met={'met' in line ? line.met : false}>
              <RequirementText line={line} />
            </li>
          ))}
        </ul>
      )}
      <p className="escort-verdict" role="status">
        {complete ? t('movements.escort.complete') : t('movements.escort.short')}{' '}
        <span className="hint">{t('movements.escort.acceptedOnly')}</span>
      </p>
    </div>
  );
}

function RequirementText({ line }: { line: ReturnType<typeof requirementLines>[number] }) {
  const { t } = useTranslation();
  if (line.rule === 'armedEscortVehicles') {
    const required = t('movements.assessment.escorts', { count: line.required });
    return line.met ? (
      <>{t('movements.escort.armedMet', { required })}</>
    ) : (
      <>
        {t('movements.escort.armedShort', {
          required,
          given: formatNumber(line.given),
          missing: formatNumber(line.required - line.given),
        })}
      </>
    );
  }
  if (line.rule === 'armouredPassengerVehicle')
    return <>{line.met ? t('movements.escort.armouredMet') : t('movements.escort.armouredShort')}</>;
  return (
    <>
      {t('movements.escort.providerRefused')} <span dir="ltr">{line.message}</span>
    </>
  );
}
