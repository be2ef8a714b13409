import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { AppLink } from '../common/AppLink.js';
import { Empty, ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useSiteNames } from '../registry/useSiteNames.js';
import { LevelBadge } from '../risk/LevelBadge.js';
import type { EscortTask } from './escort.js';
import { movementsPath } from './movement.js';
import { PlaceName } from './PlaceName.js';
import { TaskAnswer } from './TaskAnswer.js';

/** The commander's task list at /movements/tasks: their unit's escort tasks, soonest first, to answer. */
export function EscortTasks() {
  const { t } = useTranslation();
  const tasks = useApi(() => api.get('/api/v1/movements/tasks', {}, { limit: 100 }), []);
  return (
    <section className="panel escort-tasks" aria-labelledby="escort-tasks-title" aria-busy={tasks.loading}>
      <h1 id="escort-tasks-title">{t('movements.escort.tasks.title')}</h1>
      <p className="hint">{t('movements.escort.tasks.intro')}</p>
      {tasks.loading && !tasks.data ? (
        <Loading />
      ) : !tasks.data ? (
        <ErrorState error={tasks.error} onRetry={tasks.reload} />
      ) : tasks.data.items.length === 0 ? (
        <Empty>{t('movements.escort.tasks.empty')}</Empty>
      ) : (
        <ul className="task-list">
          {tasks.data.items.map((task) => (
            <li key={task.id}>
              <TaskCard task={task} onAnswered={tasks.reload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One task: the movement's route, times, risk, requirement and passengers, and the answer. */
function TaskCard({ task, onAnswered }: { task: EscortTask; onAnswered: () => void }) {
  const { t } = useTranslation();
  const { names } = useSiteNames();
  const { movement } = task;
  const required = movement.assessment?.required;
  const passengers = movement.passengers?.length;
  return (
    <article className="task-card" data-status={task.status} aria-labelledby={`task-${task.id}`}>
      <h2 id={`task-${task.id}`}>
        <AppLink to={movementsPath(movement.id)} dir="auto">
          {movement.purpose ?? t('movements.withheld')}
        </AppLink>
      </h2>
      <p className="movement-summary">
        <span className="state-tag" data-state={movement.state}>
          {t(`enums.movementState.${movement.state}`)}
        </span>{' '}
        <span className="task-status">{t(`movements.escort.status.${task.status}`)}</span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t('movements.escort.tasks.route')}</dt>
          <dd>
            <PlaceName place={movement.origin} names={names} />
            <span aria-hidden="true">{t('movements.arrow')}</span>
            <span className="visually-hidden">{t('movements.to')}</span>
            <PlaceName place={movement.destination} names={names} />
          </dd>
        </div>
        <div>
          <dt>{t('movements.escort.tasks.when')}</dt>
          <dd>
            {t('movements.escort.window', {
              from: formatDate(task.startsAt, true),
              to: formatDate(task.endsAt, true),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('movements.escort.tasks.risk')}</dt>
          <dd>
            {movement.riskLevel ? <LevelBadge level={movement.riskLevel} /> : t('movements.notAssessed')}
          </dd>
        </div>
        <div>
          <dt>{t('movements.escort.requirement')}</dt>
          <dd>
            {!required
              ? t('movements.notAssessed')
              : [
                  t('movements.assessment.escorts', { count: required.armedEscortVehicles }),
                  ...(required.armouredPassengerVehicle ? [t('movements.assessment.armoured')] : []),
                ].join(t('movements.listSeparator'))}
          </dd>
        </div>
        <div>
          <dt>{t('movements.escort.tasks.passengers')}</dt>
          <dd>{passengers === undefined ? t('movements.withheld') : formatNumber(passengers)}</dd>
        </div>
      </dl>
      <TaskAnswer task={task} onAnswered={onAnswered} />
    </article>
  );
}
