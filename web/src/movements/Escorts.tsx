import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useMe } from '../auth/session.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { declinedUnits, mayAssign } from './escort.js';
import { EscortAssignment } from './EscortAssignment.js';
import type { Movement } from './movement.js';

/**
 * The movement's escort: each assigned unit with its commander's answer (awaiting, accepted, or
 * declined with the reason), and for a coordinator who may assign in this state, the assignment.
 */
export function Escorts({ movement, onChange }: { movement: Movement; onChange: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const units = movement.units;
  // A declined booking leaves `units`; its reason is in the history.
  const history = useApi(
    () => api.get('/api/v1/movements/{id}/history', { id: movement.id }, { limit: 500 }),
    [movement.id, movement.version],
  );
  const declined = declinedUnits(history.data?.items ?? []);
  return (
    <div className="escorts">
      <h3>{t('movements.detail.escorts')}</h3>
      {units === undefined ? (
        <p className="withheld">{t('movements.withheld')}</p>
      ) : units.length === 0 && declined.length === 0 ? (
        <p>{t('movements.escort.noneAssigned')}</p>
      ) : (
        <ul className="escort-answers">
          {units.map((unit) => (
            <li key={unit.unitId} data-status={unit.status}>
              <strong>
                <bdi>{unit.callSign ?? t('movements.escort.unitNotShown')}</bdi>
              </strong>
              {unit.kind && <> ({t(`enums.unitKind.${unit.kind}`)})</>}:{' '}
              <span className="escort-status">{t(`movements.escort.status.${unit.status}`)}</span>
            </li>
          ))}
          {declined.map((d) => (
            <li key={d.unitId} data-status="declined">
              <strong>
                <bdi>{d.callSign ?? t('movements.escort.unitNotShown')}</bdi>
              </strong>
              : <span className="escort-status">{t('movements.escort.status.declined')}</span>{' '}
              <span className="hint">
                <time dateTime={d.at}>{formatDate(d.at, true)}</time>
                {d.reason && <> · {t('movements.history.reason', { reason: d.reason })}</>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayAssign(movement, me) && <EscortAssignment movement={movement} onChange={onChange} />}
    </div>
  );
}
