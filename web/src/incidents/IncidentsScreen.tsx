import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { can } from '../app/can.js';
import { navigate, usePath } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { incidentsPath } from './incident.js';
import { IncidentDetail } from './IncidentDetail.js';
import { IncidentForm } from './IncidentForm.js';
import { IncidentImport } from './IncidentImport.js';
import { IncidentList } from './IncidentList.js';
import { NewsDraft } from './NewsDraft.js';
import './incidents.css';

/** The sections under /incidents; the writing ones only for those who may write. */
const sections = [
  { sub: '', label: 'incidents.nav', writes: false },
  { sub: 'new', label: 'incidents.new.title', writes: true },
  { sub: 'import', label: 'incidents.import.title', writes: true },
  { sub: 'draft', label: 'incidents.draft.title', writes: true },
] as const;

/** Incidents: the list at /incidents, and below it new, import, draft and each incident's detail. */
export function IncidentsScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const path = usePath();
  const sub = decodeURIComponent(path.replace(/^\/incidents\/?/, ''));
  const writer = can(me, 'incident.write');
  const shown = sections.filter((s) => !s.writes || writer);
  const section = shown.find((s) => s.sub === sub);

  let body;
  if (sub === '') body = <IncidentList />;
  else if (section?.sub === 'new') body = <NewIncident />;
  else if (section?.sub === 'import') body = <IncidentImport />;
  else if (section?.sub === 'draft') body = <NewsDraft />;
  else body = <IncidentDetail id={sub} />;

  return (
    <div className="incidents">
      <nav className="incident-sections" aria-label={t('incidents.sections')}>
        <ul>
          {shown.map((s) => (
            <li key={s.sub}>
              <AppLink to={incidentsPath(s.sub)} aria-current={s === section ? 'page' : undefined}>
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

/** A new incident, recorded as the viewer's party's account; its detail opens once stored. */
function NewIncident() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="new-incident-title">
      <h1 id="new-incident-title">{t('incidents.new.title')}</h1>
      <p className="hint">{t('incidents.new.intro')}</p>
      <IncidentForm
        initial={{ type: 'armed_assault', status: 'reported', datePrecision: 'day' }}
        submitLabel={t('incidents.new.save')}
        onSubmit={async (account) => {
          const incident = await api.post('/api/v1/incidents', account);
          navigate(incidentsPath(encodeURIComponent(incident.id)));
        }}
      />
    </section>
  );
}
