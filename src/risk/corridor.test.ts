import { cellToBoundary, gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { recordIed } from '../../test/helpers/risk.js';
import { corridorStretch } from './corridor.js';
import { haversineKm } from './risk.js';
import { assessRoute, routePiecesSteps } from './route.js';
import { runToEnd } from '../platform/slices.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

/** The distance from a point to a cell, by dense sampling of its boundary (0 inside). */
function distanceToCell(point: { lat: number; lon: number }, cell: string): number {
  if (latLngToCell(point.lat, point.lon, 5) === cell) return 0;
  const ring = cellToBoundary(cell);
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const [plat, plon] = ring[i]!;
    const [qlat, qlon] = ring[(i + 1) % ring.length]!;
    for (let s = 0; s <= 200; s++) {
      const f = s / 200;
      best = Math.min(
        best,
        haversineKm(point, { lat: plat! + (qlat! - plat!) * f, lon: plon! + (qlon! - plon!) * f }),
      );
    }
  }
  return best;
}

const noZones = {
  resolution: 5,
  zonesAlong: (_c: string, _a: unknown, _b: unknown, from: number, to: number) => [
    { from, to, level: null, zoneId: null },
  ],
};

describe('a corridor along a route (pure)', () => {
  it('reaches a cell exactly where the segment runs within the corridor (up to the mitred corners)', () => {
    const r = random(11);
    for (let k = 0; k < 40; k++) {
      const centre = { lat: 24 + r() * 12, lon: 62 + r() * 12 };
      const cell = latLngToCell(centre.lat, centre.lon, 5);
      const a = { lat: centre.lat + (r() - 0.5) * 0.5, lon: centre.lon + (r() - 0.5) * 0.5 };
      const b = { lat: centre.lat + (r() - 0.5) * 0.5, lon: centre.lon + (r() - 0.5) * 0.5 };
      const km = [0.5, 2, 10][k % 3]!;
      const stretch = corridorStretch(a, b, cell, km);
      for (let s = 0; s <= 100; s++) {
        const t = s / 100;
        const distance = distanceToCell(
          { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t },
          cell,
        );
        const inside = stretch !== null && stretch[0] <= t && t <= stretch[1];
        // Sampling and the local plane blur the edges by tens of metres; the mitre widens corners by 15%.
        if (inside) expect(distance).toBeLessThan(km * 1.16 + 0.1);
        else expect(distance).toBeGreaterThan(km - 0.1);
      }
    }
  });

  it('raises a stretch to the worst cell within the corridor, and only where it reaches', () => {
    const route = [
      { lat: 30, lon: 67 },
      { lat: 30.05, lon: 67.6 },
    ];
    const lineCells = new Set(runToEnd(routePiecesSteps(route, noZones)).pieces.flatMap((p) => p.cells));
    // A cell beside the line, not on it, at level 5; every other cell is minimal.
    const beside = [...lineCells].flatMap((c) => gridDisk(c, 1)).find((c) => !lineCells.has(c))!;
    const lookup = { ...noZones, computedLevel: (cell: string) => (cell === beside ? 5 : 1) };
    expect(assessRoute(route, lookup).maxLevel).toBe(1);
    const wide = assessRoute(route, lookup, 20);
    expect(wide.maxLevel).toBe(5);
    expect(wide.kmByLevel[5]).toBeGreaterThan(0);
    expect(wide.kmByLevel[5]).toBeLessThan(wide.km);
    expect(wide.km).toBe(assessRoute(route, lookup).km);
    expect(wide.segments.map((s) => s.level)).toContain(5);
    // Far off the line (four rings out) a cell is beyond even the widest corridor.
    const far = [...gridDisk(beside, 4)].find((c) =>
      [...lineCells].every((l) => !gridDisk(l, 3).includes(c)),
    )!;
    expect(assessRoute(route, { ...noZones, computedLevel: (c) => (c === far ? 5 : 1) }, 20).maxLevel).toBe(
      1,
    );
  });

  it('keeps the pieces of a line without a corridor as the walk had them', () => {
    const route = [
      { lat: 30, lon: 67 },
      { lat: 30.5, lon: 67.6 },
    ];
    const { pieces } = runToEnd(routePiecesSteps(route, noZones));
    expect(pieces.every((p) => p.cells.length === 1)).toBe(true);
    expect(pieces.reduce((sum, p) => sum + p.km, 0)).toBeCloseTo(haversineKm(route[0]!, route[1]!), 6);
  });
});

describe('the risk service: a route with its corridor', () => {
  const t = useTestApp({
    setup: async () => {
      t.clock.advance(Date.parse('2026-11-02T00:00:00Z') - t.clock.now().getTime());
    },
  });

  it('rates the corridor at a time, and tells which cells an incident changed once the grid holds it', async () => {
    const road = [
      { lat: 29.8, lon: 66.9 },
      { lat: 30.4, lon: 66.9 },
    ];
    const before = await t.services.risk.corridor(road, 1000);
    expect(before).toMatchObject({ maxLevel: 1, corridorMeters: 1000 });
    expect(before.walk.pieces.length).toBeGreaterThan(0);
    const changed: string[][] = [];
    t.services.events.on('risk.changed', ({ payload }) => {
      changed.push(payload.cells);
    });
    const incident = await recordIed(t, '2026-11-01', { lat: 30.1, lon: 66.9 }, 20, 30);
    await t.services.risk.ready();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toEqual(expect.arrayContaining(gridDisk(incident.h3_cell!, 2)));
    const after = await t.services.risk.corridor(road, 1000);
    expect(after.maxLevel).toBe(5);
    const now = t.clock.now();
    expect(t.services.risk.levelsAt(now)(incident.h3_cell!)).toBe(5);
    // A year on, four half-lives have passed: the same incidents read lower.
    const later = new Date(now.getTime() + 365 * 86_400_000);
    expect((await t.services.risk.corridor(road, 1000, later)).maxLevel).toBe(3);
    expect(t.services.risk.levelsAt(later)(incident.h3_cell!)).toBe(3);
  });
});
