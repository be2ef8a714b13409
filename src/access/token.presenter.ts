import type { ApiTokenRow, DeviceRow } from './access.tables.js';

/** An API token as its owner sees it: never the secret, which is shown once at creation. */
export function presentApiToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
  };
}

/** A device as its party sees it: never the secret. */
export function presentDevice(row: DeviceRow) {
  return {
    id: row.id,
    partyId: row.party_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    name: row.name,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revoked: row.revoked_at !== null,
    reportIntervalSeconds: row.report_interval_s,
  };
}
