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
  /** Why the zone waits (or waited) for the other party's sign-off; null if it did not need one. */
  sign_off: 'extreme' | 'lowers' | 'wide' | null;
  area_km2: number | null;
}

export interface RiskTables {
  risk_zones: RiskZoneRow;
}
