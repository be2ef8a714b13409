import type { ReactNode } from 'react';
import { AppLink } from '../common/AppLink.js';
import { incidentsPath } from './incident.js';

/** A link to an incident's detail. */
export function IncidentLink({ id, children }: { id: string; children: ReactNode }) {
  return <AppLink to={incidentsPath(encodeURIComponent(id))}>{children}</AppLink>;
}
