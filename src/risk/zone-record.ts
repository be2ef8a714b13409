import type { RiskZoneRow } from './risk.tables.js';
import type { Polygon } from '../platform/geo.js';

/** An analyst's risk zone as the service gives it out. */
export interface Zone {
  id: string;
  partyId: string;
  polygon: Polygon;
  level: number;
  reason: string;
  expiresAt: string | null;
  status: RiskZoneRow['status'];
  computedLevel: number;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedPartyId: string | null;
  approvedAt: string | null;
  signOff: RiskZoneRow['sign_off'];
  areaKm2: number | null;
  /** When the row last changed: for a withdrawn zone, its withdrawal. */
  updatedAt: string;
}

export function toZone(row: RiskZoneRow): Zone {
  return {
    id: row.id,
    partyId: row.party_id,
    polygon: JSON.parse(row.polygon) as Polygon,
    level: row.level,
    reason: row.reason,
    expiresAt: row.expires_at,
    status: row.status,
    computedLevel: row.computed_level,
    createdBy: row.created_by,
    createdAt: row.created_at,
    approvedBy: row.approved_by,
    approvedPartyId: row.approved_party_id,
    approvedAt: row.approved_at,
    signOff: row.sign_off,
    areaKm2: row.area_km2 === null ? null : Number(row.area_km2),
    updatedAt: row.updated_at,
  };
}

/**
 * Whether a zone counted at `at` (ISO): from its recording, or its sign-off where it needed one,
 * until it expired or was withdrawn.
 */
export function isInForceAt(zone: Zone, at: string): boolean {
  const from = zone.signOff === null ? zone.createdAt : zone.approvedAt;
  if (from === null || from > at) return false;
  if (zone.expiresAt !== null && zone.expiresAt <= at) return false;
  return !(zone.status === 'withdrawn' && zone.updatedAt <= at);
}
