import type { Db } from '../database.js';
import type { LatLon } from '../risk/cell-walk.js';
import type { Polygon } from '../platform/geo.js';
import type { LivePicture } from '../tracking/live.js';
import * as repo from './rollcall.repository.js';
import {
  type Candidate,
  type Expected,
  expectedSet,
  isInArea,
  type RollcallArea,
  routeCrosses,
  siteRadiusM,
} from './rollcall.js';

/** What a roll-call is about beyond its area: its site or its movement, if it was started for one. */
export interface RollcallScope {
  siteId?: string | null;
  movementId?: string | null;
}

/** The area of a site: its perimeter, or a circle round its point. */
export function siteArea(site: {
  lat: number;
  lon: number;
  perimeter: string | Polygon | null;
}): RollcallArea {
  const perimeter =
    typeof site.perimeter === 'string' ? (JSON.parse(site.perimeter) as Polygon) : site.perimeter;
  return perimeter
    ? { kind: 'polygon', polygon: perimeter }
    : { kind: 'circle', center: { lat: site.lat, lon: site.lon }, radiusM: siteRadiusM };
}

/** The corridor of a movement's route. */
export function movementArea(movement: { route: string; corridor_m: number }): RollcallArea {
  const route = JSON.parse(movement.route) as { coordinates: [number, number][] };
  return { kind: 'corridor', line: lineOf(route.coordinates), widthM: movement.corridor_m };
}

function lineOf(coordinates: readonly [number, number][]): LatLon[] {
  return coordinates.map(([lon, lat]) => ({ lat, lon }));
}

/**
 * Who is expected in an area now, and why: persons whose latest fix lies inside it (the live
 * picture), persons assigned to the roll-call's site or to a site inside the area, and the
 * passengers and accepted escorts of the roll-call's movement or of movements under way whose
 * route passes through the area.
 */
export async function findExpected(
  db: Db,
  picture: LivePicture,
  area: RollcallArea,
  scope: RollcallScope,
): Promise<Expected[]> {
  const candidates: Candidate[] = [];

  // By last fix: persons only (a unit is asked through the movement it escorts).
  const entries =
    area.kind === 'polygon'
      ? picture.index.inPolygon(lineOf(area.polygon.coordinates[0]!))
      : area.kind === 'circle'
        ? picture.index.within(area.center, area.radiusM).map((hit) => hit.entry)
        : picture.index.alongCorridor(area.line, area.widthM).map((hit) => hit.entry);
  const byFix = entries.filter((e) => e.subject.type === 'person' && isInArea(e.fix, area));
  const fixSites = new Map(
    (
      await repo.personsByIds(
        db,
        byFix.map((e) => e.subject.id),
      )
    ).map((p) => [p.id, p]),
  );
  for (const entry of byFix)
    candidates.push({
      subject: entry.subject,
      partyId: entry.partyId,
      reason: 'fix',
      siteId: fixSites.get(entry.subject.id)?.site_id ?? null,
      movementId: picture.movementOf(entry.subject),
    });

  // By assigned site.
  const siteIds = scope.siteId
    ? [scope.siteId]
    : (await repo.activeSites(db)).filter((s) => isInArea(s, area)).map((s) => s.id);
  for (const person of await repo.personsAtSites(db, siteIds))
    candidates.push({
      subject: { type: 'person', id: person.id },
      partyId: person.party_id,
      reason: 'site',
      siteId: person.site_id,
    });

  // By manifest.
  const movements = scope.movementId
    ? [scope.movementId]
    : (await repo.movementsUnderway(db))
        .filter((m) =>
          routeCrosses(
            lineOf((JSON.parse(m.route) as { coordinates: [number, number][] }).coordinates),
            area,
          ),
        )
        .map((m) => m.id);
  for (const row of await repo.manifestsOf(db, movements))
    candidates.push({
      subject: { type: row.subject_type, id: row.subject_id },
      partyId: row.party_id,
      reason: 'manifest',
      siteId: row.site_id,
      movementId: row.movement_id,
    });

  return expectedSet(candidates);
}
