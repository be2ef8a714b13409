import { cellToBoundary } from 'h3-js';
import type { Actor } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { protectionRequired } from '../agreement/policy.js';
import { isAllowed } from '../access/permissions.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Events } from '../events.js';
import type { Clock } from '../platform/clock.js';
import { runInSlices, slicer, yieldToLoop } from '../platform/slices.js';
import { fieldRefused, validationFailed } from '../platform/errors.js';
import { gridDisk } from 'h3-js';
import {
  contributionsAt,
  defaultRiskParameters,
  isPlacedForRisk,
  levelOf,
  RiskGrid,
  type RiskParameters,
  type ScoredIncident,
  timeAsked,
} from './risk.js';
import * as repo from './risk.repository.js';
import { riskZoneWrites } from './risk.zone-writes.js';
import type { ScoredRow } from './risk.repository.js';
import {
  assessPieces,
  assessRouteSteps,
  defaultRouteLimits,
  routePiecesSteps,
  routeProblem,
} from './route.js';
import type { LatLon } from './cell-walk.js';
import { defaultZoneLimits, zoneProblem } from './zone.js';
import { isInForceAt, toZone, type Zone } from './zone-record.js';
import { coverSteps, type ZoneCover } from './zone-cover.js';
import { ZoneIndex } from './zone-index.js';
import { isInside, type Polygon } from '../platform/geo.js';

/**
 * A zone's coverage, computed in slices with the loop served between: the largest zone the
 * limits allow takes tens of milliseconds, but never holds the loop that long.
 */
function coverInSlices(polygon: Polygon, resolution: number): Promise<ZoneCover> {
  return runInSlices(coverSteps(polygon, resolution));
}

/** Changed incidents looked up per query when the grid follows a large import. */
const lookupPart = 1000;

/** The incidents a level answer lists: the heaviest, enough to see what drives it. */
const explainedIncidents = 10;

/**
 * The risk picture: the incident grid kept in memory (rebuilt from the database at start, updated
 * as incidents change) and the analysts' zones, which override it where they are in force.
 */
/** How many days of incidents the grid reads at once while it loads. */
const loadWindowDays = 7;

/** The date `days` after `date` (YYYY-MM-DD). */
const dayAfter = (date: string, days: number) =>
  new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

export function riskService(deps: {
  db: Db;
  parties: PartyService;
  clock: Clock;
  writes: AuditedWrites;
  events: Events;
  agreements: AgreementService;
  parameters?: RiskParameters;
}) {
  const { db, clock, events } = deps;
  const grid = new RiskGrid(deps.parameters ?? defaultRiskParameters);
  const resolution = grid.parameters.resolution;
  let zones: Zone[] = [];
  // Each zone's coverage, computed once: a query reads the cells it touches, not the polygons.
  const zoneIndex = new ZoneIndex();
  let loaded: Promise<void> | null = null;

  function scored(row: ScoredRow): ScoredIncident | null {
    if (row.lat === null || row.lon === null || !isPlacedForRisk(row.geo_precision)) return null;
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

  /**
   * Reads the zones and indexes the new ones, a zone at a time with a yield between, so a
   * restart with many zones does not stall the loop. A stored zone outside today's rules (one
   * recorded before them) is listed but does not count.
   */
  async function loadZones(): Promise<void> {
    zones = (await repo.listLiveZones(db)).map(toZone);
    const present = new Set(zones.map((z) => z.id));
    for (const id of zoneIndex.ids()) if (!present.has(id)) zoneIndex.remove(id);
    for (const zone of zones) {
      if (zoneIndex.has(zone.id) || zoneProblem(zone.polygon, defaultZoneLimits)) continue;
      const cover = await coverInSlices(zone.polygon, resolution);
      zoneIndex.add({ id: zone.id, level: zone.level, cover });
      await yieldToLoop();
    }
  }
  let zonesLoading: Promise<void> = Promise.resolve();
  function reloadZones(): Promise<void> {
    zonesLoading = zonesLoading.catch(() => undefined).then(loadZones);
    return zonesLoading;
  }

  /** Loads the grid and zones once; every query waits for it. */
  function ready(): Promise<void> {
    loaded ??= (async () => {
      const cutoff = new Date(clock.now().getTime() - grid.parameters.lookbackDays * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const today = clock.now().toISOString().slice(0, 10);
      // A week of incidents a query, and slices of 10 ms, the loop served between: two years of a
      // million-incident database read at once, and added 2,000 at a time, held it for 150 ms.
      const slices = slicer(10);
      for (let from = cutoff; ;) {
        const until = dayAfter(from, loadWindowDays);
        const rows = await repo.listPlacedIncidentsBetween(db, from, until > today ? null : until);
        for (const row of rows) {
          const incident = scored(row);
          if (incident) grid.add(incident);
          await slices.pause();
        }
        await slices.pause();
        if (until > today) break;
        from = until;
      }
      await reloadZones();
    })();
    return loaded;
  }

  // Incremental: only the changed incidents' cells are touched.
  // Queries wait for the updates queued before them, so a reader sees its own writes.
  let updating: Promise<void> = Promise.resolve();
  events.on('incident.recorded', ({ payload }) => {
    // Before the first query the grid is not loaded; it will read these incidents when it is.
    if (!loaded) return;
    updating = updating.then(async () => {
      await ready();
      // The cells each incident reached before and reaches now: only their scores changed.
      const changed = new Set<string>();
      // In parts, under SQLite's 32,766 bound variables per statement, with the loop free between.
      for (let start = 0; start < payload.incidents.length; start += lookupPart) {
        const ids = payload.incidents.slice(start, start + lookupPart).map((c) => c.id);
        const rows = await repo.findScoredIncidents(db, ids);
        for (const id of ids) {
          for (const cell of grid.cellsOf(id)) changed.add(cell);
          grid.remove(id);
        }
        for (const row of rows) {
          const incident = scored(row);
          if (!incident) continue;
          grid.add(incident);
          for (const cell of grid.cellsOf(incident.id)) changed.add(cell);
        }
        await yieldToLoop();
      }
      if (changed.size > 0) events.publish('risk.changed', { cause: 'incidents', cells: [...changed] });
    });
  });

  async function current(): Promise<void> {
    await ready();
    await updating;
  }

  /** The zones that count at `now`: signed off where needed, not expired, within the rules. */
  function zonesInForce(now: Date): Zone[] {
    const at = now.toISOString();
    return zones.filter((z) => isInForceAt(z, at) && zoneIndex.has(z.id));
  }

  function countingAt(now: Date): (id: string) => boolean {
    const ids = new Set(zonesInForce(now).map((z) => z.id));
    return (id) => ids.has(id);
  }

  function computedLevelOf(cell: string, now: Date): number {
    return levelOf(grid.scoreOf(cell, now), grid.parameters);
  }

  /**
   * The incidents behind a cell's score at `at`, read from the database (the cell and its rings,
   * within the lookback), heaviest first.
   */
  async function contributionsTo(point: { lat: number; lon: number }, at: Date) {
    const p = grid.parameters;
    const cells = gridDisk(grid.cellAt(point.lat, point.lon), p.rings);
    const from = new Date(at.getTime() - p.lookbackDays * 86_400_000).toISOString().slice(0, 10);
    const rows = await repo.listScoredInCells(db, cells, from, at.toISOString().slice(0, 10));
    const incidents = rows.map(scored).filter((i): i is ScoredIncident => i !== null);
    return contributionsAt(point, incidents, at, p);
  }

  /**
   * The zone that sets the level at a point at `at`, or null: the highest in force then. The
   * present reads the index of live zones; a past time reads every zone, withdrawn ones too.
   */
  async function zoneAt(point: { lat: number; lon: number }, at: Date, past: boolean): Promise<Zone | null> {
    if (!past) {
      const found = zoneIndex.at(grid.cellAt(point.lat, point.lon), point, countingAt(at));
      return found ? (zones.find((z) => z.id === found.id) ?? null) : null;
    }
    const iso = at.toISOString();
    let best: Zone | null = null;
    for (const zone of (await repo.listAllZones(db)).map(toZone)) {
      if (!isInForceAt(zone, iso) || zoneProblem(zone.polygon, defaultZoneLimits)) continue;
      if ((!best || zone.level > best.level) && isInside(point, zone.polygon)) best = zone;
    }
    return best;
  }

  /** The lowest and highest grid level over the cells a zone reaches. */
  function computedLevelsOver(cover: ZoneCover, now: Date): { min: number; max: number } {
    let min = 6;
    let max = 1;
    for (const cell of cover.touched) {
      const level = computedLevelOf(cell, now);
      if (level < min) min = level;
      if (level > max) max = level;
    }
    return { min: Math.min(min, max), max };
  }

  /** Tells the listeners which cells a zone that began or stopped counting lies over. */
  function zoneChanged(cover: ZoneCover): void {
    events.publish('risk.changed', { cause: 'zone', cells: cover.touched });
  }

  return {
    ...riskZoneWrites({
      ...deps,
      resolution,
      zoneIndex,
      current,
      reloadZones,
      computedLevelsOver,
      zoneChanged,
      coverInSlices,
    }),
    ready: current,
    parameters: grid.parameters,

    /**
     * The level at a point, now or at a past time `at`, and why: the parameters, the incidents
     * that weigh most (only to a viewer who may read incidents) and the zone that overrides the
     * grid (the highest, where zones overlap). At a past time only the incidents dated up to it
     * and the zones in force then count.
     */
    async point(actor: Actor, point: { lat: number; lon: number }, atAsked?: string) {
      await current();
      const now = clock.now();
      const at = atAsked === undefined ? undefined : timeAsked(atAsked, now);
      if (at === null)
        throw validationFailed('at', 'at: the level is known up to now, not in the future', 'querystring');
      const asOf = at ?? now;
      const cell = grid.cellAt(point.lat, point.lon);
      const explained = await contributionsTo(point, asOf);
      // The grid holds the present; a past time is summed from the incidents dated up to it.
      const score = at ? explained.score : grid.scoreOf(cell, now);
      const computedLevel = levelOf(score, grid.parameters);
      const zone = await zoneAt(point, asOf, at !== undefined);
      // The incidents are listed to those who may read them, as GET /api/v1/incidents is.
      const mayRead = isAllowed(actor, 'incident.read');
      return {
        level: zone?.level ?? computedLevel,
        computedLevel,
        score,
        cell,
        zoneId: zone?.id ?? null,
        asOf: asOf.toISOString(),
        parameters: grid.parameters,
        zone: zone && { id: zone.id, level: zone.level, reason: zone.reason, expiresAt: zone.expiresAt },
        incidentsCounted: explained.contributions.length,
        incidents: mayRead ? explained.contributions.slice(0, explainedIncidents) : [],
        incidentsWithheld: mayRead ? 0 : explained.contributions.length,
      };
    },

    /**
     * A route's level is its worst stretch; with the kilometres at each level. Bounded by the
     * route limits, and walked cell by cell: a maximal route costs milliseconds.
     */
    async route(_actor: Actor, waypoints: { lat: number; lon: number }[]) {
      const problem = routeProblem(waypoints, defaultRouteLimits);
      if (problem)
        throw fieldRefused('route_too_long', 'waypoints', `waypoints: ${problem.message}`, {
          limit: problem.limit,
          value: problem.value,
        });
      await current();
      const now = clock.now();
      const counts = countingAt(now);
      // In slices: even the longest route leaves the loop free between them.
      const assessment = await runInSlices(
        assessRouteSteps(waypoints, {
          resolution,
          computedLevel: (cell) => computedLevelOf(cell, now),
          zonesAlong: (cell, a, b, from, to) => zoneIndex.along(cell, a, b, from, to, counts),
        }),
      );
      // What a movement on it needs: the agreement's clause for its worst level, as decide() reads it.
      const agreement = await deps.agreements.inForce();
      const required = agreement && protectionRequired(agreement, assessment.maxLevel);
      return {
        ...assessment,
        asOf: now.toISOString(),
        required: required && {
          clause: required.clause,
          agreementVersion: required.version,
          timeZone: agreement!.document.timeZone,
          ...required.rule,
        },
      };
    },

    /**
     * A movement's route with its corridor (`corridorMeters` either side of the line: a stretch
     * takes the worst grid cell within it), at `at`: the grid's incidents decayed to then and the
     * zones in force then; a time before now reads now. With the walk's pieces, which the movement
     * index keeps to re-assess the route from cell levels (`levelsAt`) after an incident.
     */
    async corridor(waypoints: readonly LatLon[], corridorMeters: number, at?: Date) {
      const problem = routeProblem(waypoints, defaultRouteLimits);
      if (problem)
        throw fieldRefused('route_too_long', 'route', `route: ${problem.message}`, {
          limit: problem.limit,
          value: problem.value,
        });
      await current();
      const now = clock.now();
      const asOf = at && at.getTime() > now.getTime() ? at : now;
      const counts = countingAt(asOf);
      const walk = await runInSlices(
        routePiecesSteps(
          waypoints,
          { resolution, zonesAlong: (cell, a, b, from, to) => zoneIndex.along(cell, a, b, from, to, counts) },
          corridorMeters / 1000,
        ),
      );
      const assessment = assessPieces(walk, (cell) => computedLevelOf(cell, asOf));
      return { ...assessment, asOf: asOf.toISOString(), corridorMeters, walk };
    },

    /**
     * The level at a point now, from memory (call after `ready()`): the highest zone's where zones
     * apply, else the grid's. For the live picture, which asks it of every fix.
     */
    levelNow(point: { lat: number; lon: number }): number {
      const now = clock.now();
      const cell = grid.cellAt(point.lat, point.lon);
      const found = zoneIndex.at(cell, point, countingAt(now));
      const zone = found && zones.find((z) => z.id === found.id);
      return zone ? zone.level : levelOf(grid.scoreOf(cell, now), grid.parameters);
    },

    /**
     * The grid's levels of cells at `at` (a time before now reads now), as `corridor` reads them.
     * Synchronous, for re-assessing many routes at once (call after `ready()`).
     */
    levelsAt(at: Date): (cell: string) => number {
      const now = clock.now();
      const score = grid.scoresAt(at.getTime() > now.getTime() ? at : now);
      return (cell) => levelOf(score(cell), grid.parameters);
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
  };
}

export type RiskService = ReturnType<typeof riskService>;
