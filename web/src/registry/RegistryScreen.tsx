import { useTranslation } from 'react-i18next';
import { navigate, usePath } from '../app/router.js';
import { type Kind, kinds } from './kinds.js';
import { PersonImport } from './PersonImport.js';
import { RecordDetail } from './RecordDetail.js';
import { RecordForm } from './RecordForm.js';
import { RecordList } from './RecordList.js';
import './registry.css';

/** Where a registry address points: `/registry/units`, `/registry/units/new`, `/registry/units/<id>/edit`. */
function routeOf(path: string): {
  kind: Kind;
  id?: string;
  view: 'list' | 'new' | 'import' | 'detail' | 'edit';
} {
  const [, , kindPart, id, action] = path.split('/');
  const kind: Kind = kindPart && kindPart in kinds ? (kindPart as Kind) : 'persons';
  if (!id) return { kind, view: 'list' };
  if (id === 'new') return { kind, view: 'new' };
  if (id === 'import' && kind === 'persons') return { kind, view: 'import' };
  return { kind, id: decodeURIComponent(id), view: action === 'edit' ? 'edit' : 'detail' };
}

/** Persons, sites and units, each a tab; the list's filters live in the address. */
export function RegistryScreen() {
  const { t } = useTranslation();
  const path = usePath();
  const route = routeOf(path);
  const spec = kinds[route.kind];
  return (
    <section className="panel registry">
      <h1>{t('registry.title')}</h1>
      <nav className="tabs" aria-label={t('registry.tabs')}>
        {Object.values(kinds).map((k) => (
          <a
            key={k.kind}
            href={`/registry/${k.kind}`}
            aria-current={k.kind === route.kind ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(`/registry/${k.kind}`);
            }}
          >
            {t(`registry.${k.kind}.title`)}
          </a>
        ))}
      </nav>
      {route.view === 'list' && <RecordList spec={spec} />}
      {route.view === 'import' && <PersonImport />}
      {route.view === 'new' && <RecordForm spec={spec} />}
      {route.view === 'detail' && <RecordDetail spec={spec} id={route.id!} />}
      {route.view === 'edit' && <RecordForm spec={spec} id={route.id!} />}
    </section>
  );
}
