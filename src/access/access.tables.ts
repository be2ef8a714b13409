/** Row shapes of the access tables, exactly as stored. */
export interface PartyRow {
  id: string;
  name: string;
  kind: 'host' | 'partner';
  is_demo: number;
  created_at: string;
}

export interface UserRow {
  id: string;
  party_id: string;
  username: string;
  display_name: string;
  roles: string;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_pending_secret_enc: string | null;
  totp_last_step: number | null;
  disabled_at: string | null;
  /** The web app's language for this user: en, zh or ur; null until chosen. */
  language: string | null;
  /** The protected person this user is (role person); null for none. */
  person_id: string | null;
  /** The unit this user commands (role commander); null for none. */
  unit_id: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  second_factor_ok: number;
  client_address: string | null;
  ended_at: string | null;
}

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface DeviceRow {
  id: string;
  party_id: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** Seconds between the reports expected from it; longer silence marks its subject stale. */
  report_interval_s: number;
}

export interface LoginAttemptRow {
  key: string;
  failures: number;
  first_failure_at: string;
  last_failure_at: string;
}

/** The one row counting changes that end or narrow credentials (see access-generation.ts). */
export interface AccessGenerationRow {
  id: number;
  value: number;
}

export interface AccessTables {
  parties: PartyRow;
  users: UserRow;
  sessions: SessionRow;
  api_tokens: ApiTokenRow;
  devices: DeviceRow;
  login_attempts: LoginAttemptRow;
  access_generation: AccessGenerationRow;
}
