import type { EscortStatus } from './escort.js';
import type { MovementState } from './movement.js';

/** Row shapes of the movement tables, exactly as stored. */
export interface MovementRow {
  id: string;
  party_id: string;
  state: MovementState;
  purpose: string;
  origin_site_id: string | null;
  origin_lat: number;
  origin_lon: number;
  destination_site_id: string | null;
  destination_lat: number;
  destination_lon: number;
  /** A GeoJSON LineString, as JSON text. */
  route: string;
  corridor_m: number;
  planned_departure: string;
  planned_arrival: string;
  /** The vehicles, as JSON text: `[{ label, armoured }]`. */
  vehicles: string;
  risk_level: number | null;
  /** The latest assessment, as JSON text. */
  assessment: string | null;
  assessed_at: string | null;
  requested_by: string;
  /** The agreement version of the last transition. */
  agreement_version: number | null;
  departed_at: string | null;
  arrived_at: string | null;
  /** Why it was aborted, rejected or cancelled. */
  ended_reason: string | null;
  debrief: string | null;
  version: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface MovementPassengerRow {
  movement_id: string;
  person_id: string;
  starts_at: string;
  ends_at: string;
  /** 0 once the movement has ended or been cancelled: it no longer holds the person. */
  active: number;
}

export interface MovementCheckpointRow {
  movement_id: string;
  position: number;
  name: string;
  lat: number;
  lon: number;
  planned_at: string;
  passed_at: string | null;
  passed_by: string | null;
}

export interface MovementApprovalRow {
  id: string;
  movement_id: string;
  party_id: string;
  party_kind: 'host' | 'partner';
  decided_by: string;
  decision: 'approved' | 'rejected';
  reason: string | null;
  break_glass: number;
  superseded: number;
  agreement_version: number;
  decided_at: string;
  review_due_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
}

export interface MovementHistoryRow {
  movement_id: string;
  seq: number;
  at: string;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: string | null;
  party_id: string | null;
  agreement_version: number | null;
  /** JSON text. */
  details: string | null;
}

/** A unit's booking for a movement: its escort task (migration 0019). */
export interface MovementUnitRow {
  id: string;
  movement_id: string;
  unit_id: string;
  /** The unit's party, copied: whose commander answers, whose units a task list shows. */
  unit_party_id: string;
  status: EscortStatus;
  assigned_by: string;
  assigned_at: string;
  responded_by: string | null;
  responded_at: string | null;
  decline_reason: string | null;
  released_by: string | null;
  released_at: string | null;
  /** The window the unit is held for, in epoch milliseconds, half-open: [starts_ms, ends_ms). */
  starts_ms: number;
  ends_ms: number;
  /** 1 while the booking holds the unit; no two active bookings of a unit overlap. */
  active: number;
  /** The agreement version under which the unit was allowed for the movement. */
  agreement_version: number | null;
}

export interface MovementTables {
  movements: MovementRow;
  movement_passengers: MovementPassengerRow;
  movement_checkpoints: MovementCheckpointRow;
  movement_approvals: MovementApprovalRow;
  movement_history: MovementHistoryRow;
  movement_units: MovementUnitRow;
}
