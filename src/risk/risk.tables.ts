/** Row shape of the risk zone table, exactly as stored. */
export interface RiskZoneRow {
  id: string;
  party_id: string;
  polygon: string;
  level: number;
  reason: string;
  expires_at: string | null;
  status: 'active' | 'pending' | 'withdrawn';
  computed_level: number;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_party_id: string | null;
  approved_at: string | null;
  updated_at: string;
}

export interface RiskTables {
  risk_zones: RiskZoneRow;
}
