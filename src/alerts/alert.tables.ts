import type { AlertRule, AlertSeverity, AlertState, AlertSubjectType } from './alert.js';

/** Row shapes of the alert tables (migration 0022), exactly as stored. */
export interface AlertRow {
  id: string;
  rule: AlertRule;
  subject_type: AlertSubjectType;
  subject_id: string;
  party_id: string | null;
  state: AlertState;
  severity: AlertSeverity;
  event_at: string;
  raised_at: string;
  lat: number | null;
  lon: number | null;
  /** JSON object. */
  details: string;
  /** JSON list of affected subjects. */
  affected: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  acknowledge_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolve_note: string | null;
  version: number;
}

export interface AlertMarkRow {
  rule: string;
  subject_type: string;
  subject_id: string;
  evaluated_at: string;
}

export interface CheckinScheduleRow {
  id: string;
  subject_type: 'person' | 'movement';
  subject_id: string;
  party_id: string;
  every_minutes: number | null;
  /** JSON list of ISO times. */
  deadlines: string;
  min_level: number | null;
  next_due_at: string | null;
  step: number;
  active: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CheckinRow {
  id: string;
  schedule_id: string;
  checked_in_by: string;
  checked_in_at: string;
  due_at: string | null;
  late: number;
  note: string | null;
}

export interface AlertTables {
  alerts: AlertRow;
  alert_marks: AlertMarkRow;
  checkin_schedules: CheckinScheduleRow;
  checkins: CheckinRow;
}
