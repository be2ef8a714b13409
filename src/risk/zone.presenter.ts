import type { Zone } from './zone-record.js';

/** A risk zone as the API shows it, field by field. */
export function presentZone(zone: Zone) {
  return {
    id: zone.id,
    partyId: zone.partyId,
    polygon: zone.polygon,
    level: zone.level,
    reason: zone.reason,
    expiresAt: zone.expiresAt,
    status: zone.status,
    computedLevel: zone.computedLevel,
    createdBy: zone.createdBy,
    createdAt: zone.createdAt,
    approvedBy: zone.approvedBy,
    approvedPartyId: zone.approvedPartyId,
    approvedAt: zone.approvedAt,
    signOff: zone.signOff,
    areaKm2: zone.areaKm2,
  };
}
