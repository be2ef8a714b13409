/** Row shapes of the audit tables, exactly as stored. */
export interface AuditEntryRow {
  seq: number;
  at: string;
  actor_type: string;
  actor_id: string | null;
  party_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  fields: string;
  /** JSON of short named values the entry states (a clearance's reason and reference), or null. */
  details: string | null;
  prev_hash: string;
  hash: string;
  /** Hex of 16 random bytes; null for entries written before salting. */
  salt: string | null;
}

export interface AuditHeadRow {
  id: number;
  next_seq: number;
  last_hash: string;
}

export interface AuditCheckpointRow {
  tree_size: number;
  root_hash: string;
  created_at: string;
  previous_size: number | null;
  /** JSON array of hex hashes: the consistency proof from `previous_size`. */
  consistency_proof: string | null;
}

export interface AuditSignatureRow {
  tree_size: number;
  party_id: string;
  key_id: string;
  public_key: string;
  signature: string;
  signed_at: string;
  signed_by: string;
  /** 1: legacy signature over jsms-audit-checkpoint/v1; 2: a tlog-cosignature/v1 note signature. */
  format: number;
}

export interface AuditTables {
  audit_entries: AuditEntryRow;
  audit_head: AuditHeadRow;
  audit_checkpoints: AuditCheckpointRow;
  audit_signatures: AuditSignatureRow;
}
