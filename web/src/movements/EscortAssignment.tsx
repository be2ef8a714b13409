import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import { useAction } from '../common/useAction.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { ActionError } from './ActionError.js';
import { EscortRequirement } from './EscortRequirement.js';
import { EscortUnits } from './EscortUnits.js';
import type { Movement } from './movement.js';

/**
 * Escort assignment for a coordinator who may assign: the requirement against the accepted escort,
 * and the party's units with their availability, to assign or withdraw. A unit booked meanwhile by
 * another coordinator (`unit_booked`) is said plainly, and the list reloads to show where it went.
 */
export function EscortAssignment({ movement, onChange }: { movement: Movement; onChange: () => void }) {
  const { t } = useTranslation();
  const view = useApi(
    () => api.get('/api/v1/movements/{id}/units', { id: movement.id }),
    [movement.id, movement.version],
  );
  const { run, error, busy } = useAction();
  // The unit the last change was about, to name it in a refusal.
  const [lost, setLost] = useState<string>();

  const change = async (unitId: string, callSign: string, assign: boolean) => {
    setLost(callSign);
    const params = { id: movement.id, unitId };
    const done = await run(() =>
      assign
        ? api.post('/api/v1/movements/{id}/units', { unitId }, { id: movement.id })
        : api.delete('/api/v1/movements/{id}/units/{unitId}', params),
    );
    if (done) return onChange();
    view.reload();
  };
  const booked = error instanceof ApiError && error.code === 'unit_booked';

  if (view.loading && !view.data) return <Loading />;
  if (!view.data) return <ErrorState error={view.error} onRetry={view.reload} />;
  const onMovement = new Set((movement.units ?? []).map((u) => u.unitId));
  return (
    <div className="escort-assignment" aria-busy={view.loading || busy}>
      <h4>{t('movements.escort.requirement')}</h4>
      <EscortRequirement movement={movement} shortfall={view.data.shortfall} />
      <h4 id={`escort-units-${movement.id}`}>{t('movements.escort.units')}</h4>
      {error !== undefined &&
        (booked ? (
          <div className="state state-error escort-lost" role="alert">
            <p>{t('movements.escort.bookedMeanwhile', { unit: lost ?? '' })}</p>
          </div>
        ) : (
          <ActionError error={error} />
        ))}
      <EscortUnits
        labelledBy={`escort-units-${movement.id}`}
        candidates={view.data.candidates}
        onMovement={onMovement}
        busy={busy}
        onAssign={(c) => void change(c.unitId, c.callSign, true)}
        onWithdraw={(c) => void change(c.unitId, c.callSign, false)}
      />
    </div>
  );
}
