import type { ReactNode } from 'react';
import { navigate } from '../app/router.js';
import { incidentsPath } from './incident.js';

/** A link to an incident's detail, followed without reloading the app. */
export function IncidentLink({ id, children }: { id: string; children: ReactNode }) {
  const href = incidentsPath(encodeURIComponent(id));
  return (
    <a
      href={href}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
