import { useTranslation } from 'react-i18next';
import { DataTable } from '../common/DataTable.js';
import { formatDate, formatKm } from '../i18n/format.js';
import { LevelBadge } from '../risk/LevelBadge.js';
import type { Assessment } from './movement.js';

/**
 * A movement's assessment: its worst level, the kilometres at each level, what the agreement
 * requires at that level with the clause behind each requirement, the approvals it requires, and
 * every rule the plan breaks with its clause.
 */
export function AssessmentView({
  assessment,
  heading: Heading = 'h3',
}: {
  assessment: Assessment;
  /** The level of its headings, under the section's own. */
  heading?: 'h3' | 'h4';
}) {
  const { t, i18n } = useTranslation();
  const { required } = assessment;
  const clause = (name: string) => <code className="clause">{name}</code>;
  const parties = (list: string[]) => list.map((p) => t(`party.${p}`)).join(t('movements.listSeparator'));
  const levels = Object.entries(assessment.kmByLevel)
    .filter(([, km]) => km > 0)
    .sort(([a], [b]) => Number(a) - Number(b));
  return (
    <div className="assessment" data-level={assessment.riskLevel}>
      <p className="level-line">
        {t('movements.assessment.worst')} <LevelBadge level={assessment.riskLevel} />
      </p>
      <p>
        {t('movements.assessment.length', { km: formatKm(assessment.km) })}{' '}
        <span className="hint">
          {t('movements.assessment.asOf', {
            date: formatDate(assessment.asOf, true),
            version: assessment.agreementVersion,
          })}
        </span>
      </p>
      {levels.length > 0 && (
        <DataTable
          caption={t('movements.assessment.byLevel')}
          className="compact-table"
          columns={[t('movements.assessment.level'), t('movements.assessment.km')]}
          rows={levels.map(([level, km]) => ({
            key: level,
            cells: [<LevelBadge key="level" level={Number(level)} />, formatKm(km)],
          }))}
        />
      )}

      <Heading>{t('movements.assessment.required', { clause: required.clause })}</Heading>
      <ul className="requirements">
        {required.forbidden && (
          <li>
            {t('movements.assessment.forbidden')}{' '}
            {required.exemptionApprovals.length > 0 &&
              t('movements.assessment.exemption', { parties: parties(required.exemptionApprovals) })}{' '}
            {clause(`${required.clause}.forbidden`)}
          </li>
        )}
        <li>
          {t('movements.assessment.escorts', { count: required.armedEscortVehicles })}{' '}
          {clause(`${required.clause}.armedEscortVehicles`)}
        </li>
        {required.armouredPassengerVehicle && (
          <li>
            {t('movements.assessment.armoured')} {clause(`${required.clause}.armouredPassengerVehicle`)}
          </li>
        )}
        <li>
          {required.allowedHours
            ? t('movements.assessment.hours', {
                from: required.allowedHours.from,
                to: required.allowedHours.to,
                zone: required.timeZone,
              })
            : t('movements.assessment.anyHour')}{' '}
          {required.allowedHours && clause(`${required.clause}.allowedHours`)}
        </li>
        {Object.entries(required.providers).map(([kind, providers]) => (
          <li key={kind}>
            {t('movements.assessment.providers', {
              kind: t(`enums.unitKind.${kind}`, { defaultValue: kind }),
              parties: providers.length ? parties(providers) : t('movements.assessment.nobody'),
            })}{' '}
            {clause(`unitKinds.${kind}`)}
          </li>
        ))}
      </ul>

      <Heading>{t('movements.assessment.approvals')}</Heading>
      {required.approvals.length === 0 ? (
        <p>{t('movements.assessment.noApprovals')}</p>
      ) : (
        <ul className="requirements">
          {required.approvals.map((party) => (
            <li key={party}>
              {t('movements.assessment.approvalBy', { party: t(`party.${party}`) })}{' '}
              {clause(`${required.clause}.approvals`)}
            </li>
          ))}
        </ul>
      )}

      <Heading>{t('movements.assessment.breaches')}</Heading>
      {assessment.breaches.length === 0 ? (
        <p>{t('movements.assessment.noBreaches')}</p>
      ) : (
        <ul className="breaches">
          {assessment.breaches.map((breach) => (
            <li key={breach.rule + breach.clause}>
              {i18n.exists(`movements.breach.${breach.rule}`)
                ? t(`movements.breach.${breach.rule}`, {
                    level: assessment.riskLevel,
                    from: required.allowedHours?.from,
                    to: required.allowedHours?.to,
                    zone: required.timeZone,
                    parties: parties(required.exemptionApprovals),
                  })
                : breach.message}{' '}
              {clause(breach.clause)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
