import { useTranslation } from 'react-i18next';
import { can } from '../app/can.js';
import { usePath } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { BreakGlassQueue } from './BreakGlassQueue.js';
import { movementsPath } from './movement.js';
import { EscortTasks } from './EscortTasks.js';
import { MovementBoard } from './MovementBoard.js';
import { MovementDetail } from './MovementDetail.js';
import { MovementForm } from './MovementForm.js';
import './movements.css';

/** The sections under /movements, each for those whose roles allow its permission. */
const sections = [
  { sub: '', label: 'movements.board.title', permission: 'movement.read' },
  { sub: 'new', label: 'movements.form.title', permission: 'movement.request' },
  { sub: 'break-glass', label: 'movements.approval.queue.title', permission: 'movement.approve' },
  { sub: 'tasks', label: 'movements.escort.tasks.title', permission: 'movement.task' },
] as const;

/**
 * Movements: the board at /movements, the request form at /movements/new, the break-glass review
 * queue at /movements/break-glass, a commander's escort tasks at /movements/tasks, and each
 * movement's detail.
 */
export function MovementsScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const path = usePath();
  const sub = decodeURIComponent(path.replace(/^\/movements\/?/, ''));
  const shown = sections.filter((s) => can(me, s.permission));
  const section = shown.find((s) => s.sub === sub);

  let body;
  if (sub === '') body = <MovementBoard />;
  else if (section?.sub === 'new') body = <MovementForm />;
  else if (section?.sub === 'break-glass') body = <BreakGlassQueue />;
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
