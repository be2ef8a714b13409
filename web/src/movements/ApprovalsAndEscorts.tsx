import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';
import { Approvals } from './Approvals.js';
import type { Movement } from './movement.js';

/**
 * The approvals the movement needs and the escorts assigned to it. The place for the approval
 * view (each party's decision, veto, break-glass and its review) and escort assignment (units and
 * their availability, the commander's answer): those screens render here, under this heading, and
 * call `onChange` after a decision so the movement and its timeline reload.
 */
export function ApprovalsAndEscorts({ movement, onChange }: { movement: Movement; onChange: () => void }) {
  const { t } = useTranslation();
  const units = movement.units;
  return (
    <section className="panel approvals-escorts" aria-labelledby="movement-approvals">
      <h2 id="movement-approvals">{t('movements.detail.approvalsAndEscorts')}</h2>
      <h3>{t('movements.assessment.approvals')}</h3>
      <Approvals movement={movement} onChange={onChange} />
      <h3>{t('movements.detail.escorts')}</h3>
      {units === undefined ? (
        <p className="withheld">{t('movements.withheld')}</p>
      ) : (
        <p>
          {t('movements.detail.unitsAssigned', {
            count: units.length,
            formatted: formatNumber(units.length),
          })}
        </p>
      )}
    </section>
  );
}
