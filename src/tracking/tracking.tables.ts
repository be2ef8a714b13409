/** Row shape of the positions table, exactly as stored (migration 0020). */
export interface PositionRow {
  device_id: string;
  /** ISO UTC with milliseconds: with the device, it identifies the fix. */
  fix_at: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  party_id: string;
  lat: number;
  lon: number;
  accuracy_m: number | null;
  altitude_m: number | null;
  speed_kmh: number | null;
  heading_deg: number | null;
  battery_pct: number | null;
  charging: number | null;
  sos: number;
  /** JSON object. */
  attributes: string;
  received_at: string;
}

export interface TrackingTables {
  positions: PositionRow;
}
