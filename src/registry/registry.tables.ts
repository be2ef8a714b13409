/** Row shapes of the registry tables, exactly as stored. */
export interface SiteRow {
  id: string;
  party_id: string;
  name: string;
  kind: 'project' | 'camp' | 'residence' | 'office' | 'base' | 'other';
  lat: number;
  lon: number;
  perimeter: string | null;
  protection_level: number;
  city: string | null;
  active: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface PersonRow {
  id: string;
  party_id: string;
  name: string;
  native_name: string | null;
  nationality: string;
  passport_enc: string | null;
  passport_index: string | null;
  employer: string | null;
  phone_enc: string | null;
  emergency_contact_enc: string | null;
  blood_group: string | null;
  site_id: string | null;
  status: 'in_country' | 'away';
  active: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface UnitRow {
  id: string;
  party_id: string;
  kind: 'armed_escort' | 'static_guard' | 'close_protection' | 'liaison';
  call_sign: string;
  strength: number;
  vehicles: number;
  armoured_vehicles: number;
  weapons: string | null;
  base_site_id: string | null;
  status: 'available' | 'deployed' | 'off_duty';
  agreement_version: number;
  active: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

/** A user's hourly allowance of persons disclosed by clearances: the count in the current window. */
export interface ClearanceQuotaRow {
  user_id: string;
  window_started_at: string;
  persons: number;
}

export interface RegistryTables {
  sites: SiteRow;
  persons: PersonRow;
  units: UnitRow;
  clearance_quotas: ClearanceQuotaRow;
}
