import { randomUUID } from 'node:crypto';
import { cellToBoundary, polygonToCells } from 'h3-js';
import type { Actor } from '../access/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../database.js';
import type { IncidentService } from '../incidents/incident.service.js';
import type { Clock } from '../platform/clock.js';
import { AppError, forbidden, notFound, validationFailed } from '../platform/errors.js';
import { isInside, type Polygon } from '../registry/registry.js';
import {
  assessRoute,
  defaultRiskParameters,
  levelOf,
  RiskGrid,
  type RiskParameters,
  type ScoredIncident,
} from './risk.js';
import type { RiskZoneRow } from './risk.tables.js';

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
}

function toZone(row: RiskZoneRow): Zone {
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
  };
}

/**
 * The risk picture: the incident grid kept in memory (rebuilt from the database at start, updated
 * as incidents change) and the analysts' zones, which override it where they are in force.
 */
export function riskService(deps: {
  db: Db;
  clock: Clock;
  incidents: IncidentService;
  parameters?: RiskParameters;
}) {
  const { db, clock } = deps;
  const grid = new RiskGrid(deps.parameters ?? defaultRiskParameters);
  let zones: Zone[] = [];
  let loaded: Promise<void> | null = null;

  const scoredColumns = [
    'id',
    'lat',
    'lon',
    'date',
    'killed_best',
    'wounded_best',
    'kidnapped',
    'target',
  ] as const;
  type ScoredRow = {
    id: string;
    lat: number | null;
    lon: number | null;
    date: string;
    killed_best: number | null;
    wounded_best: number | null;
    kidnapped: number | null;
    target: string | null;
  };

  function scored(row: ScoredRow): ScoredIncident | null {
    if (row.lat === null || row.lon === null) return null;
    return {
      id: row.id,
      lat: Number(row.lat),
      lon: Number(row.lon),
      date: row.date,
      killed: row.killed_best ?? 0,
      wounded: row.wounded_best ?? 0,
      kidnapped: row.kidnapped ?? 0,
      targetsForeigners: row.target === 'foreign_nationals',
    };
  }

  async function reloadZones(): Promise<void> {
    zones = (await db.selectFrom('risk_zones').selectAll().where('status', '!=', 'withdrawn').execute()).map(
      toZone,
    );
  }

  /** Loads the grid and zones once; every query waits for it. */
  function ready(): Promise<void> {
    loaded ??= (async () => {
      const cutoff = new Date(clock.now().getTime() - grid.parameters.lookbackDays * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const rows = await db
        .selectFrom('incidents')
        .select(scoredColumns)
        .where('date', '>=', cutoff)
        .where('lat', 'is not', null)
        .execute();
      // In slices, yielding between them, so a large grid does not stall the event loop.
      for (let i = 0; i < rows.length; i++) {
        const incident = scored(rows[i]!);
        if (incident) grid.add(incident);
        if (i % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
      }
      await reloadZones();
    })();
    return loaded;
  }

  // Incremental: only the changed incidents' cells are touched.
  // Queries wait for the updates queued before them, so a reader sees its own writes.
  let updating: Promise<void> = Promise.resolve();
  deps.incidents.onChange((changed) => {
    // Before the first query the grid is not loaded; it will read these incidents when it is.
    if (!loaded) return;
    updating = updating.then(async () => {
      await ready();
      const ids = changed.map((c) => c.id);
      const rows = await db.selectFrom('incidents').select(scoredColumns).where('id', 'in', ids).execute();
      for (const id of ids) grid.remove(id);
      for (const row of rows) {
        const incident = scored(row);
        if (incident) grid.add(incident);
      }
    });
  });

  async function current(): Promise<void> {
    await ready();
    await updating;
  }

  function zonesInForce(now: Date): Zone[] {
    const at = now.toISOString();
    return zones.filter((z) => z.status === 'active' && (z.expiresAt === null || z.expiresAt > at));
  }

  function computedLevelAt(
    point: { lat: number; lon: number },
    now: Date,
  ): { level: number; score: number; cell: string } {
    const cell = grid.cellAt(point.lat, point.lon);
    const score = grid.scoreOf(cell, now);
    return { level: levelOf(score, grid.parameters), score, cell };
  }

  /** The level at a point: a zone in force overrides the grid (the highest, where zones overlap). */
  function levelAt(point: { lat: number; lon: number }, now: Date, inForce: Zone[]) {
    const computed = computedLevelAt(point, now);
    const covering = inForce.filter((z) => isInside(point, z.polygon));
    if (covering.length === 0)
      return { ...computed, computedLevel: computed.level, zoneId: null as string | null };
    const zone = covering.reduce((a, b) => (b.level > a.level ? b : a));
    return { ...computed, computedLevel: computed.level, level: zone.level, zoneId: zone.id };
  }

  /** The worst computed level over a polygon's cells and its corners. */
  function computedLevelOver(polygon: Polygon, now: Date): number {
    const cells = polygonToCells(polygon.coordinates as number[][][], grid.parameters.resolution, true);
    let level = 1;
    for (const cell of cells) level = Math.max(level, levelOf(grid.scoreOf(cell, now), grid.parameters));
    for (const [lon, lat] of polygon.coordinates[0]!)
      level = Math.max(level, computedLevelAt({ lat, lon }, now).level);
    return level;
  }

  async function loadZone(id: string): Promise<RiskZoneRow> {
    const row = await db.selectFrom('risk_zones').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('risk_zone_not_found', 'Risk zone');
    return row;
  }

  return {
    ready: current,
    parameters: grid.parameters,

    async point(_actor: Actor, point: { lat: number; lon: number }) {
      await current();
      const now = clock.now();
      return levelAt(point, now, zonesInForce(now));
    },

    /** A route's level is its worst stretch; with the kilometres at each level. */
    async route(_actor: Actor, waypoints: { lat: number; lon: number }[]) {
      await current();
      const now = clock.now();
      const inForce = zonesInForce(now);
      return assessRoute(waypoints, (p) => levelAt(p, now, inForce).level);
    },

    /** The grid's cells at level `minLevel` and above, and the zones, as GeoJSON for the map. */
    async geojson(_actor: Actor, minLevel: number) {
      await current();
      const now = clock.now();
      const threshold = minLevel <= 1 ? 0 : grid.parameters.thresholds[minLevel - 2]!;
      const cells = grid.cells(now, Math.max(threshold, 1e-9)).map(({ cell, score }) => {
        const ring = cellToBoundary(cell, true);
        return {
          type: 'Feature' as const,
          id: cell,
          geometry: { type: 'Polygon' as const, coordinates: [ring] },
          properties: {
            kind: 'cell',
            level: levelOf(score, grid.parameters),
            score: Math.round(score * 100) / 100,
          },
        };
      });
      const zoneFeatures = zonesInForce(now).map((z) => ({
        type: 'Feature' as const,
        id: z.id,
        geometry: z.polygon,
        properties: { kind: 'zone', level: z.level, reason: z.reason, expiresAt: z.expiresAt },
      }));
      return { type: 'FeatureCollection' as const, features: [...cells, ...zoneFeatures] };
    },

    async listZones(_actor: Actor) {
      await reloadZones();
      return zones;
    },

    /**
     * Records a zone. One that lowers the computed level anywhere inside it waits for the other
     * party's sign-off; one that raises or keeps it applies at once.
     */
    async createZone(
      actor: Actor,
      input: { polygon: Polygon; level: number; reason: string; expiresAt?: string | null },
    ) {
      if (!actor.partyId) throw forbidden('A zone is recorded by a party');
      await current();
      const now = clock.now();
      if (input.expiresAt && input.expiresAt <= now.toISOString())
        throw validationFailed('expiresAt', 'The expiry is in the past');
      const computed = computedLevelOver(input.polygon, now);
      const row: RiskZoneRow = {
        id: randomUUID(),
        party_id: actor.partyId,
        polygon: JSON.stringify(input.polygon),
        level: input.level,
        reason: input.reason,
        expires_at: input.expiresAt ?? null,
        status: input.level < computed ? 'pending' : 'active',
        computed_level: computed,
        created_by: actor.id,
        created_at: now.toISOString(),
        approved_by: null,
        approved_party_id: null,
        approved_at: null,
        updated_at: now.toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('risk_zones').values(row).execute();
        await recordAudit(
          trx,
          actor,
          {
            action: 'risk_zone.created',
            entityType: 'risk_zone',
            entityId: row.id,
            fields: ['polygon', 'level', 'reason', 'expires_at', 'status'],
          },
          now,
        );
      });
      await reloadZones();
      return toZone(row);
    },

    /** The other party signs off a zone that lowers the level; then it applies. */
    async approveZone(actor: Actor, id: string) {
      const row = await loadZone(id);
      if (row.status !== 'pending')
        throw new AppError('invalid_transition', `The zone is ${row.status}, not pending`);
      if (!actor.partyId || actor.partyId === row.party_id) {
        throw forbidden('A zone that lowers the level needs the sign-off of the other party');
      }
      await db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        await trx
          .updateTable('risk_zones')
          .set({
            status: 'active',
            approved_by: actor.id,
            approved_party_id: actor.partyId,
            approved_at: now,
            updated_at: now,
          })
          .where('id', '=', id)
          .execute();
        await recordAudit(
          trx,
          actor,
          {
            action: 'risk_zone.approved',
            entityType: 'risk_zone',
            entityId: id,
            partyId: row.party_id,
            fields: ['status'],
          },
          clock.now(),
        );
      });
      await reloadZones();
      return toZone(await loadZone(id));
    },

    /** The recording party withdraws its zone. */
    async withdrawZone(actor: Actor, id: string) {
      const row = await loadZone(id);
      if (actor.partyId !== row.party_id) throw forbidden('Only the party that recorded a zone withdraws it');
      if (row.status === 'withdrawn') return toZone(row);
      await db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        await trx
          .updateTable('risk_zones')
          .set({ status: 'withdrawn', updated_at: now })
          .where('id', '=', id)
          .execute();
        await recordAudit(
          trx,
          actor,
          { action: 'risk_zone.withdrawn', entityType: 'risk_zone', entityId: id, fields: ['status'] },
          clock.now(),
        );
      });
      await reloadZones();
      return toZone(await loadZone(id));
    },
  };
}

export type RiskService = ReturnType<typeof riskService>;
