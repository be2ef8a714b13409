import { useTranslation } from 'react-i18next';
import { Escorts } from './Escorts.js';
import type { Movement } from './movement.js';

/**
 * The approvals the movement needs and the escorts assigned to it. The place for the approval
 * view (each party's decision, veto, break-glass and its review) and escort assignment (units and
 * their availability, the commander's answer): those screens render here, under this heading, and
 * call `onChange` after a decision so the movement and its timeline reload.
 */
export function ApprovalsAndEscorts({ movement, onChange }: { movement: Movement; onChange: () => void }) {
  const { t } = useTranslation();
  const approvals = movement.assessment?.required.approvals ?? [];
  return (
    <section className="panel approvals-escorts" aria-labelledby="movement-approvals">
      <h2 id="movement-approvals">{t('movements.detail.approvalsAndEscorts')}</h2>
      <h3>{t('movements.assessment.approvals')}</h3>
      {!movement.assessment ? (
        <p>{t('movements.detail.approvalsAfterSubmit')}</p>
      ) : approvals.length === 0 ? (
        <p>{t('movements.assessment.noApprovals')}</p>
      ) : (
        <ul className="approval-list">
          {approvals.map((party) => (
            <li key={party} data-party={party}>
              {t('movements.assessment.approvalBy', { party: t(`party.${party}`) })}
            </li>
          ))}
        </ul>
      )}
      <Escorts movement={movement} onChange={onChange} />
    </section>
  );
}
