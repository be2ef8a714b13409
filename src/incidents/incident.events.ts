/** One incident a commit added or changed, with the risk-grid cell it left and the one it is in. */
export interface RecordedIncident {
  id: string;
  cellBefore: string | null;
  cellAfter: string | null;
}

export interface IncidentEvents {
  /** Incidents one commit recorded, revised or imported: the risk grid recomputes their cells. */
  'incident.recorded': { incidents: RecordedIncident[] };
}
