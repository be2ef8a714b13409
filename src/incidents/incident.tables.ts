/** Row shapes of the incident tables, exactly as stored. */
export interface IncidentRow {
  id: string;
  source_key: string | null;
  dedupe_key: string;
  date: string;
  date_precision: 'day' | 'week' | 'month' | 'year';
  province: string | null;
  district: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  geo_precision: 'exact' | 'place' | 'district' | 'province' | 'country' | null;
  h3_cell: string | null;
  type: string;
  sub_type: string | null;
  perpetrator: string | null;
  opponent: string | null;
  claimed: number | null;
  target: string | null;
  killed_civilians: number | null;
  killed_security: number | null;
  killed_militants: number | null;
  killed_foreign: number | null;
  killed_unknown: number | null;
  killed_best: number | null;
  killed_low: number | null;
  killed_high: number | null;
  wounded_civilians: number | null;
  wounded_security: number | null;
  wounded_militants: number | null;
  wounded_foreign: number | null;
  wounded_unknown: number | null;
  wounded_best: number | null;
  wounded_low: number | null;
  wounded_high: number | null;
  kidnapped: number | null;
  status: 'reported' | 'confirmed' | 'disputed' | 'denied';
  status_statement: string | null;
  description: string | null;
  accounts: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface IncidentAccountRow {
  id: string;
  incident_id: string;
  party_id: string;
  revision: number;
  body: string;
  created_by: string;
  created_at: string;
  superseded_at: string | null;
}

export interface IncidentTables {
  incidents: IncidentRow;
  incident_accounts: IncidentAccountRow;
}
