import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { AppLink } from '../common/AppLink.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { assignable, availabilityOf, type Candidate } from './escort.js';
import { movementsPath } from './movement.js';

/**
 * The party's units for the movement's window, each with its availability (free, booked on an
 * overlapping movement, not allowed by the agreement here, off duty) and the button to assign it,
 * or to withdraw it when it is on this movement already.
 */
export function EscortUnits({
  labelledBy,
  candidates,
  onMovement,
  busy,
  onAssign,
  onWithdraw,
}: {
  labelledBy: string;
  candidates: Candidate[];
  onMovement: ReadonlySet<string>;
  busy: boolean;
  onAssign: (candidate: Candidate) => void;
  onWithdraw: (candidate: Candidate) => void;
}) {
  const { t } = useTranslation();
  if (candidates.length === 0) return <p>{t('movements.escort.noUnits')}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table compact-table escort-units" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t('movements.escort.col.unit')}</th>
            <th scope="col">{t('movements.escort.col.kind')}</th>
            <th scope="col">{t('movements.escort.col.vehicles')}</th>
            <th scope="col">{t('movements.escort.col.availability')}</th>
            <th scope="col">{t('movements.escort.col.action')}</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => {
            const here = onMovement.has(c.unitId);
            const availability = availabilityOf(c);
            return (
              <tr key={c.unitId} data-unit={c.callSign} data-availability={here ? 'here' : availability}>
                <th scope="row" dir="auto">
                  {c.callSign}
                </th>
                <td>{t(`enums.unitKind.${c.kind}`)}</td>
                <td>
                  {t('movements.escort.vehicles', {
                    vehicles: formatNumber(c.vehicles),
                    armoured: formatNumber(c.armouredVehicles),
                  })}
                </td>
                <td>{here ? t('movements.escort.onThisMovement') : <Availability candidate={c} />}</td>
                <td>
                  {here ? (
                    <button type="button" disabled={busy} onClick={() => onWithdraw(c)}>
                      {t('movements.escort.unassign', { unit: c.callSign })}
                    </button>
                  ) : assignable(availability) ? (
                    <button type="button" className="primary" disabled={busy} onClick={() => onAssign(c)}>
                      {t('movements.escort.assign', { unit: c.callSign })}
                    </button>
                  ) : (
                    <span className="hint">{t('movements.escort.notAssignable')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Why a unit is or is not free for this movement, naming the clause or the movement that holds it. */
function Availability({ candidate }: { candidate: Candidate }) {
  const { t } = useTranslation();
  const availability = availabilityOf(candidate);
  const { refusal } = candidate;
  if (availability === 'refused' && refusal)
    return (
      <>
        <strong>{t('movements.escort.availability.refused')}</strong>
        <span className="hint escort-why">
          {t('movements.refused', { clause: refusal.clause, version: refusal.agreementVersion })}
        </span>
      </>
    );
  if (availability === 'booked')
    return (
      <>
        <strong>{t('movements.escort.availability.booked')}</strong>
        <ul className="escort-bookings">
          {candidate.bookings.map((b) => (
            <li key={b.movementId}>
              <BookedOn id={b.movementId} />{' '}
              <span className="hint">
                {t('movements.escort.window', {
                  from: formatDate(b.startsAt, true),
                  to: formatDate(b.endsAt, true),
                })}{' '}
                ({t(`movements.escort.status.${b.status}`)})
              </span>
            </li>
          ))}
        </ul>
      </>
    );
  return <>{t(`movements.escort.availability.${availability}`)}</>;
}

/** The movement that holds the unit: its purpose and a link when shared with the viewer. */
function BookedOn({ id }: { id: string }) {
  const { t } = useTranslation();
  const other = useApi(() => api.get('/api/v1/movements/{id}', { id }), [id]);
  if (!other.data?.purpose) return <span>{t('movements.escort.otherMovement')}</span>;
  return (
    <AppLink to={movementsPath(id)} dir="auto">
      {other.data.purpose}
    </AppLink>
  );
}
