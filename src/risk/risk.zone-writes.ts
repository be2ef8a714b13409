import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import { policyActor } from '../agreement/policy.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, invalidTransition, notFound, validationFailed } from '../platform/errors.js';
import { type Polygon, polygonAreaKm2 } from '../platform/geo.js';
import * as repo from './risk.repository.js';
import type { RiskZoneRow } from './risk.tables.js';
import { defaultZoneLimits, signOffReason, signOffRefusal, signOffRoles, zoneRefusal } from './zone.js';
import type { ZoneCover } from './zone-cover.js';
import type { ZoneIndex } from './zone-index.js';
import { toZone } from './zone-record.js';

/**
 * The analysts' zones as use cases: record, sign off, withdraw. Each write is audited, then the
 * risk service's zone index and listeners hear of it (the service hands in those parts).
 */
export function riskZoneWrites(deps: {
  db: Db;
  parties: PartyService;
  clock: Clock;
  writes: AuditedWrites;
  resolution: number;
  zoneIndex: ZoneIndex;
  /** Waits until the grid and zones are loaded. */
  current: () => Promise<void>;
  reloadZones: () => Promise<void>;
  computedLevelsOver: (cover: ZoneCover, now: Date) => { min: number; max: number };
  zoneChanged: (cover: ZoneCover) => void;
  coverInSlices: (polygon: Polygon, resolution: number) => Promise<ZoneCover>;
}) {
  const { db, clock, writes, resolution, zoneIndex, current, reloadZones, computedLevelsOver, zoneChanged } =
    deps;
  const { coverInSlices } = deps;

  async function loadZone(id: string): Promise<RiskZoneRow> {
    const row = await repo.findZone(db, id);
    if (!row) throw notFound('risk_zone_not_found', 'Risk zone');
    return row;
  }

  return {
    /**
     * Records a zone. A level-6 zone, one that lowers the grid's level anywhere inside it, and one
     * that raises it over a wide area wait for the other party's sign-off; any other counts at once.
     */
    async createZone(
      actor: Actor,
      input: { polygon: Polygon; level: number; reason: string; expiresAt?: string | null },
    ) {
      if (!actor.partyId) throw forbidden('A zone is recorded by a party', { caller: 'party member' });
      const refusal = zoneRefusal(input.polygon);
      if (refusal) throw refusal;
      await current();
      const now = clock.now();
      if (input.expiresAt && input.expiresAt <= now.toISOString())
        throw validationFailed('expiresAt', 'The expiry is in the past');
      // Bounded by the zone limits: a few thousand cells at most, computed in slices.
      const cover = await coverInSlices(input.polygon, resolution);
      const computed = computedLevelsOver(cover, now);
      const areaKm2 = polygonAreaKm2(input.polygon);
      const signOff = signOffReason({ level: input.level, areaKm2, computed }, defaultZoneLimits);
      const row: RiskZoneRow = {
        id: randomUUID(),
        party_id: actor.partyId,
        polygon: JSON.stringify(input.polygon),
        level: input.level,
        reason: input.reason,
        expires_at: input.expiresAt ?? null,
        status: signOff ? 'pending' : 'active',
        computed_level: computed.max,
        created_by: actor.id,
        created_at: now.toISOString(),
        approved_by: null,
        approved_party_id: null,
        approved_at: null,
        updated_at: now.toISOString(),
        sign_off: signOff,
        area_km2: Math.round(areaKm2 * 1000) / 1000,
      };
      await writes.write(
        actor,
        async ({ tx, audit }) => {
          await repo.insertZone(tx, row);
          await audit({
            action: 'risk_zone.created',
            entityId: row.id,
            fields: ['polygon', 'level', 'reason', 'expires_at', 'status', 'sign_off'],
          });
        },
        // The time the zone was assessed at, which its row carries.
        { at: now },
      );
      zoneIndex.add({ id: row.id, level: row.level, cover });
      await reloadZones();
      if (row.status === 'active') zoneChanged(cover);
      return toZone(row);
    },

    /**
     * The other party's coordinator or admin signs off a pending zone (level 6, lowering, or
     * wide); from then on it counts.
     */
    async approveZone(actor: Actor, id: string) {
      const row = await loadZone(id);
      if (row.status !== 'pending') throw invalidTransition('The zone', row.status, 'approved');
      const recorder = await deps.parties.find(row.party_id);
      const refusal = signOffRefusal(policyActor(actor), {
        partyId: row.party_id,
        partyKind: recorder?.kind ?? 'host',
      });
      if (refusal)
        throw forbidden(refusal, {
          roles: signOffRoles,
          partyKind: recorder?.kind === 'partner' ? 'host' : 'partner',
          signOff: row.sign_off,
        });
      await writes.write(actor, async ({ tx, now, audit }) => {
        const approval = { approvedBy: actor.id, approvedPartyId: actor.partyId, at: now.toISOString() };
        // Another approval or a withdrawal may have landed since the zone was read.
        if (!(await repo.approvePendingZone(tx, id, approval))) {
          const now = await repo.findZone(tx, id);
          throw invalidTransition('The zone', now?.status ?? 'gone', 'approved');
        }
        await audit({
          action: 'risk_zone.approved',
          entityId: id,
          partyId: row.party_id,
          fields: ['approved_by', 'status'],
        });
      });
      await reloadZones();
      const cover = zoneIndex.get(id)?.cover;
      if (cover) zoneChanged(cover);
      return toZone(await loadZone(id));
    },

    /** The recording party withdraws its zone. */
    async withdrawZone(actor: Actor, id: string) {
      const row = await loadZone(id);
      if (actor.partyId !== row.party_id)
        throw forbidden('Only the party that recorded a zone withdraws it', { party: row.party_id });
      if (row.status === 'withdrawn') return toZone(row);
      await writes.write(actor, async ({ tx, now, audit }) => {
        await repo.withdrawZone(tx, id, now.toISOString());
        await audit({ action: 'risk_zone.withdrawn', entityId: id, fields: ['status'] });
      });
      // Its cells, read before the reload drops it from the index; told once it no longer counts.
      const cover = zoneIndex.get(id)?.cover;
      await reloadZones();
      if (cover && row.status === 'active') zoneChanged(cover);
      return toZone(await loadZone(id));
    },
  };
}
