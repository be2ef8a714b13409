import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../src/access/permissions.js';
import { can } from '../app/can.js';
import { usePath } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { movementsPath } from './movement.js';
import { EscortTasks } from './EscortTasks.js';
import { MovementBoard } from './MovementBoard.js';
import { MovementDetail } from './MovementDetail.js';
import { MovementForm } from './MovementForm.js';
import './movements.css';

/** The sections under /movements, each for those with its permission: the request form, the commander's tasks. */
const sections: { sub: string; label: string; permission?: Permission }[] = [
  { sub: '', label: 'movements.board.title' },
  { sub: 'new', label: 'movements.form.title', permission: 'movement.request' },
  { sub: 'tasks', label: 'movements.escort.tasks.title', permission: 'movement.task' },
];

/**
 * Movements: the board at /movements, the request form at /movements/new, a commander's escort
 * tasks at /movements/tasks, and each movement's detail.
 */
export function MovementsScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const path = usePath();
  const sub = decodeURIComponent(path.replace(/^\/movements\/?/, ''));
  const shown = sections.filter((s) => !s.permission || can(me, s.permission));
  const section = shown.find((s) => s.sub === sub);

  let body;
  if (sub === '') body = <MovementBoard />;
  else if (section?.sub === 'new') body = <MovementForm />;
  else if (section?.sub === 'tasks') body = <EscortTasks />;
  else body = <MovementDetail key={sub} id={sub} />;

  return (
    <div className="movements">
      <nav className="movement-sections" aria-label={t('movements.sections')}>
        <ul>
          {shown.map((s) => (
            <li key={s.sub}>
              <AppLink to={movementsPath(s.sub)} aria-current={s === section ? 'page' : undefined}>
                {t(s.label)}
              </AppLink>
            </li>
          ))}
        </ul>
      </nav>
      {body}
    </div>
  );
}
