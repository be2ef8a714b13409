import type { Answer, AnswerChannel, RollcallKind, WaveKind } from './rollcall.js';

/** Row shapes of the roll-call tables (migration 0023), exactly as stored. */
export interface RollcallRow {
  id: string;
  party_id: string | null;
  kind: RollcallKind;
  /** A RollcallArea, as JSON text. */
  area: string;
  site_id: string | null;
  movement_id: string | null;
  incident_id: string | null;
  question: string;
  /** The escalation plan, as JSON text. */
  waves: string;
  status: 'open' | 'closed';
  started_by: string;
  started_at: string;
  closes_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface RollcallSubjectRow {
  rollcall_id: string;
  subject_type: 'person' | 'unit';
  subject_id: string;
  party_id: string;
  /** ExpectedReason[], as JSON text. */
  reasons: string;
  site_id: string | null;
  movement_id: string | null;
  answer: Answer | null;
  duress: number;
  answered_at: string | null;
  answered_via: AnswerChannel | null;
  answered_by: string | null;
  corroborated_at: string | null;
  link_enc: string;
  link_index: string;
  link_used_at: string | null;
}

export interface RollcallWaveRow {
  rollcall_id: string;
  wave: number;
  kind: WaveKind;
  due_at: string;
  ran_at: string | null;
  recipients: string | null;
  silent: string | null;
}

export interface RollcallPinRow {
  person_id: string;
  pin_hash: string;
  duress_hash: string;
  updated_at: string;
}

export interface RollcallTables {
  rollcalls: RollcallRow;
  rollcall_subjects: RollcallSubjectRow;
  rollcall_waves: RollcallWaveRow;
  rollcall_pins: RollcallPinRow;
}
