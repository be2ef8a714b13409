import { useTranslation } from 'react-i18next';
import { Approvals } from './Approvals.js';
import { Escorts } from './Escorts.js';
import type { Movement } from './movement.js';

/**
 * The approvals the movement needs (each party's decision, veto, break-glass and its review) and
 * its escort (the requirement, units with their availability, the commanders' answers). Either
 * calls `onChange` after a decision so the movement and its timeline reload.
 */
export function ApprovalsAndEscorts({ movement, onChange }: { movement: Movement; onChange: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel approvals-escorts" aria-labelledby="movement-approvals">
      <h2 id="movement-approvals">{t('movements.detail.approvalsAndEscorts')}</h2>
      <h3>{t('movements.assessment.approvals')}</h3>
      <Approvals movement={movement} onChange={onChange} />
      <Escorts movement={movement} onChange={onChange} />
    </section>
  );
}
