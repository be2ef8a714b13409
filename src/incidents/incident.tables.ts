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

/**
 * The sums of the incidents of one month and one combination of what a report groups or filters
 * by. A name no source gives is '' (the key holds no NULL).
 */
export interface IncidentRollupRow {
  month: string;
  province: string;
  district: string;
  type: string;
  perpetrator: string;
  opponent: string;
  target: string;
  status: string;
  dated: 'day' | 'month' | 'year';
  placed: 'place' | 'country';
  dataset: string;
  incidents: number;
  killed_low: number;
  killed_best: number;
  killed_high: number;
  wounded_low: number;
  wounded_best: number;
  wounded_high: number;
  kidnapped: number;
  killed_civilians: number;
  killed_security: number;
  killed_militants: number;
  killed_foreign: number;
  killed_unknown: number;
  killed_unattributed_low: number;
  killed_unattributed_best: number;
  killed_unattributed_high: number;
  wounded_civilians: number;
  wounded_security: number;
  wounded_militants: number;
  wounded_foreign: number;
  wounded_unknown: number;
  wounded_unattributed_low: number;
  wounded_unattributed_best: number;
  wounded_unattributed_high: number;
  killed_reported: number;
  wounded_reported: number;
}

export interface IncidentTables {
  incidents: IncidentRow;
  incident_accounts: IncidentAccountRow;
  incident_rollups: IncidentRollupRow;
}
