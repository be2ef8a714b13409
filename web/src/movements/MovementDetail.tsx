import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { useAction } from '../common/useAction.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useSiteNames } from '../registry/useSiteNames.js';
import { LevelBadge } from '../risk/LevelBadge.js';
import { ActionError } from './ActionError.js';
import { ApprovalsAndEscorts } from './ApprovalsAndEscorts.js';
import { AssessmentView } from './AssessmentView.js';
import { BreakGlassFlag } from './BreakGlassFlag.js';
import type { Movement } from './movement.js';
import { MovementActions } from './MovementActions.js';
import { MovementMap } from './MovementMap.js';
import { PlaceName } from './PlaceName.js';
import { Timeline } from './Timeline.js';
import { CheckinPanel } from '../alerts/CheckinPanel.js';

type Person = components['schemas']['Person'];

/**
 * One movement: its route on the map coloured by level, its assessment, who and what travels,
 * its checkpoints, the actions the viewer may take, the approvals and escorts, and its timeline.
 */
export function MovementDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const detail = useApi(() => api.get('/api/v1/movements/{id}', { id }), [id]);
  const { names } = useSiteNames();
  const movement = detail.data;
  const waypoints = useMemo(
    () => (movement?.route?.coordinates ?? []).map(([lon, lat]) => ({ lat, lon })),
    [movement?.route],
  );
  const stops = useMemo(
    () => ({
      origin: movement?.origin,
      destination: movement?.destination,
      checkpoints: movement?.checkpoints ?? [],
    }),
    [movement?.origin, movement?.destination, movement?.checkpoints],
  );

  if (detail.loading && !movement) return <Loading />;
  if (!movement) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  const assessment = movement.assessment;

  return (
    <div className="movement-detail" data-state={movement.state}>
      <section className="panel movement-head" aria-labelledby="movement-title">
        <h1 id="movement-title" dir="auto">
          {movement.purpose ?? t('movements.withheld')}
        </h1>
        <p className="movement-summary">
          <span className="state-tag" data-state={movement.state}>
            {t(`enums.movementState.${movement.state}`)}
          </span>{' '}
          {movement.riskLevel ? <LevelBadge level={movement.riskLevel} /> : t('movements.notAssessed')}{' '}
          <PlaceName place={movement.origin} names={names} />
          <span aria-hidden="true">{t('movements.arrow')}</span>
          <span className="visually-hidden">{t('movements.to')}</span>
          <PlaceName place={movement.destination} names={names} />
        </p>
        <BreakGlassFlag movement={movement} />
        {detail.error !== undefined && <ErrorState error={detail.error} onRetry={detail.reload} />}
        <h2>{t('movements.detail.actions')}</h2>
        <MovementActions movement={movement} onDone={detail.reload} />
      </section>

      <div className="movement-body">
        <MovementMap
          label={t('movements.detail.map')}
          waypoints={waypoints}
          segments={assessment?.segments}
          stops={stops}
          fitKey={movement.id}
        />
        <section className="panel" aria-labelledby="movement-facts">
          <h2 id="movement-facts">{t('movements.detail.plan')}</h2>
          <Facts movement={movement} />
        </section>
      </div>

      <section className="panel" aria-labelledby="movement-assessment">
        <h2 id="movement-assessment">{t('movements.detail.assessment')}</h2>
        {assessment ? (
          <AssessmentView assessment={assessment} />
        ) : (
          <p>{t('movements.detail.notAssessedYet')}</p>
        )}
      </section>

      <ApprovalsAndEscorts movement={movement} onChange={detail.reload} />

      <section className="panel" aria-labelledby="movement-travellers">
        <h2 id="movement-travellers">{t('movements.detail.travellers')}</h2>
        <Passengers ids={movement.passengers} />
        <h3>{t('movements.field.vehicles')}</h3>
        {movement.vehicles ? (
          <ul>
            {movement.vehicles.map((v, i) => (
              <li key={i} dir="auto">
                {v.armoured ? t('movements.detail.armouredVehicle', { label: v.label }) : v.label}
              </li>
            ))}
          </ul>
        ) : (
          <p className="withheld">{t('movements.withheld')}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="movement-checkpoints">
        <h2 id="movement-checkpoints">{t('movements.field.checkpoints')}</h2>
        <Checkpoints movement={movement} onDone={detail.reload} />
      </section>

      {can(me, 'checkin.read') && (
        <CheckinPanel subject={{ type: 'movement', id: movement.id }} partyId={movement.partyId} />
      )}

      <section className="panel" aria-labelledby="movement-timeline">
        <h2 id="movement-timeline">{t('movements.detail.timeline')}</h2>
        <Timeline id={movement.id} version={movement.version} />
      </section>
    </div>
  );
}

/** The plan as requested and what has happened to it, each field only when the agreement shows it. */
function Facts({ movement }: { movement: Movement }) {
  const { t } = useTranslation();
  const me = useMe();
  const rows: [string, string | undefined | null][] = [
    ['plannedDeparture', movement.plannedDeparture && formatDate(movement.plannedDeparture, true)],
    ['plannedArrival', movement.plannedArrival && formatDate(movement.plannedArrival, true)],
    [
      'corridorMeters',
      movement.corridorMeters !== undefined
        ? t('movements.detail.metres', { value: formatNumber(movement.corridorMeters) })
        : undefined,
    ],
    ['departedAt', movement.departedAt && formatDate(movement.departedAt, true)],
    ['arrivedAt', movement.arrivedAt && formatDate(movement.arrivedAt, true)],
    ['endedReason', movement.endedReason],
    ['debrief', movement.debrief],
    [
      'party',
      movement.partyId === me.partyId ? t('movements.detail.yourParty') : t('movements.detail.otherParty'),
    ],
  ];
  return (
    <dl className="facts">
      {rows
        .filter(([, value]) => value)
        .map(([name, value]) => (
          <div key={name}>
            <dt>{t(`movements.field.${name}`)}</dt>
            <dd dir="auto">{value}</dd>
          </div>
        ))}
      {movement.withheld.length > 0 && (
        <div>
          <dt>{t('movements.detail.withheldFields')}</dt>
          <dd>
            {movement.withheld
              .map((f) => t(`movements.field.${f}`, { defaultValue: f }))
              .join(t('movements.listSeparator'))}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The passengers by name, as the registry shows them to the viewer. */
function Passengers({ ids }: { ids: string[] | undefined }) {
  const { t } = useTranslation();
  const persons = useApi(
    async () => (await api.get('/api/v1/persons', {}, { limit: 500 })) as { items: Person[] },
    [],
  );
  if (!ids) return <p className="withheld">{t('movements.withheld')}</p>;
  const byId = new Map((persons.data?.items ?? []).map((p) => [p.id, p]));
  return (
    <>
      <h3>{t('movements.detail.passengers', { count: ids.length, formatted: formatNumber(ids.length) })}</h3>
      <ul className="passenger-list">
        {ids.map((id) => (
          <li key={id} dir="auto">
            {byId.get(id)?.name ?? t('movements.detail.personNotShown')}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The checkpoints with their planned and passed times; under way, one may be marked passed. */
function Checkpoints({ movement, onDone }: { movement: Movement; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { run, error, busy } = useAction();
  const checkpoints = movement.checkpoints;
  if (!checkpoints) return <p className="withheld">{t('movements.withheld')}</p>;
  if (checkpoints.length === 0) return <p>{t('movements.detail.noCheckpoints')}</p>;
  const passes = movement.state === 'underway' && can(me, 'movement.execute');
  return (
    <>
      <div className="table-scroll">
        <table className="data-table compact-table">
          <caption className="visually-hidden">{t('movements.field.checkpoints')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('movements.checkpoint.name')}</th>
              <th scope="col">{t('movements.checkpoint.plannedAt')}</th>
              <th scope="col">{t('movements.checkpoint.passedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {checkpoints.map((c) => (
              <tr key={c.position}>
                <th scope="row" dir="auto">
                  {c.name}
                </th>
                <td>{formatDate(c.plannedAt, true)}</td>
                <td>
                  {c.passedAt ? (
                    formatDate(c.passedAt, true)
                  ) : passes ? (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        void run(() =>
                          api.post('/api/v1/movements/{id}/checkpoints/{position}/pass', undefined, {
                            id: movement.id,
                            position: c.position,
                          }),
                        ).then((done) => done && onDone())
                      }
                    >
                      {t('movements.checkpoint.pass', { name: c.name })}
                    </button>
                  ) : (
                    t('movements.checkpoint.notPassed')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error !== undefined && <ActionError error={error} />}
    </>
  );
}
