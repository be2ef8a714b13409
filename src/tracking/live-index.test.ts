import { describe, expect, it } from 'vitest';
import { isInside } from '../platform/geo.js';
import { metresFromRoute } from '../movements/movement.rules.js';
import type { LatLon } from '../risk/cell-walk.js';
import { haversineKm } from '../risk/risk.js';
import { bareFix, type Fix } from './fix.js';
import { isNewer, type LiveEntry, type LiveHit, LiveIndex, statusOf, subjectKey } from './live-index.js';

/**
 * A small deterministic generator (a 32-bit linear congruential one, in integer arithmetic: the
 * floating-point form used elsewhere loses bits past 2^53 and repeats after about 10,000 draws).
 */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const t0 = Date.parse('2026-12-07T08:00:00Z');

function fixAt(lat: number, lon: number, at: number): Fix {
  return bareFix({ lat, lon }, new Date(at), { accuracyM: 10 });
}

function entry(id: string, lat: number, lon: number, at = t0, deviceId = `dev-${id}`): LiveEntry {
  return {
    subject: { type: id.startsWith('u') ? 'unit' : 'person', id },
    fix: fixAt(lat, lon, at),
    deviceId,
    receivedAt: new Date(at + 1000),
    partyId: 'cso',
  };
}

const keyOf = (e: LiveEntry) => subjectKey(e.subject);
const hitsOf = (hits: LiveHit[]) => hits.map((h) => [keyOf(h.entry), h.distanceM] as const);
const byHit = (a: readonly [string, number], b: readonly [string, number]) =>
  a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The brute-force answers: every entry measured, nothing skipped. */
const oracle = {
  within: (all: Iterable<LiveEntry>, point: LatLon, radiusM: number) =>
    [...all]
      .map((e) => [keyOf(e), haversineKm(point, e.fix) * 1000] as const)
      .filter(([, d]) => d <= radiusM)
      .sort(byHit),
  inPolygon: (all: Iterable<LiveEntry>, ring: LatLon[]) => {
    const coordinates = [...ring, ring[0]!].map((p): [number, number] => [p.lon, p.lat]);
    return [...all]
      .filter((e) => isInside(e.fix, { type: 'Polygon', coordinates: [coordinates] }))
      .map(keyOf)
      .sort();
  },
  alongCorridor: (all: Iterable<LiveEntry>, line: LatLon[], widthM: number) =>
    [...all]
      .map((e) => [keyOf(e), metresFromRoute(e.fix, line)] as const)
      .filter(([, d]) => d <= widthM)
      .sort(byHit),
};

/** Subjects clustered around a few towns of the Islamabad–Peshawar road, and some anywhere near. */
function scatter(index: LiveIndex, r: () => number, count: number): void {
  const towns: LatLon[] = [
    { lat: 33.6844, lon: 73.0479 },
    { lat: 33.7715, lon: 72.3609 },
    { lat: 34.0151, lon: 71.5249 },
  ];
  for (let i = 0; i < count; i++) {
    const town = towns[i % towns.length]!;
    const spread = i % 4 === 0 ? 1 : 0.08;
    const id = i % 5 === 0 ? `u${i}` : `p${i}`;
    index.upsert(entry(id, town.lat + (r() - 0.5) * spread, town.lon + (r() - 0.5) * spread));
  }
}

const near = (r: () => number): LatLon => ({ lat: 33.3 + r() * 1.0, lon: 71.2 + r() * 2.2 });

describe('LiveIndex queries against a brute-force oracle', () => {
  const r = random(12);
  const index = new LiveIndex();
  scatter(index, r, 3000);

  it('within: the same subjects at the same distances, nearest first', () => {
    let found = 0;
    for (let q = 0; q < 300; q++) {
      const point = near(r);
      const radiusM = q % 10 === 0 ? r() * 60_000 : r() * 8000;
      const got = hitsOf(index.within(point, radiusM));
      expect(got).toEqual(oracle.within(index, point, radiusM));
      found += got.length;
    }
    // A positive control: the queries do find subjects.
    expect(found).toBeGreaterThan(3000);
  });

  it('within: a subject exactly at the radius is in, a radius of 0 finds one at the point', () => {
    const at = index.within({ lat: 33.6844, lon: 73.0479 }, 5000);
    const edge = at.at(-1)!;
    const again = index.within({ lat: 33.6844, lon: 73.0479 }, edge.distanceM);
    expect(again.at(-1)!.entry).toBe(edge.entry);
    const first = index.entries().next().value!;
    expect(index.within(first.fix, 0).map((h) => h.entry)).toContain(first);
  });

  it('within: subjects at the same distance come in subject-key order, whatever the insertion order', () => {
    const r2 = random(5);
    for (const group of [3, 40]) {
      const ids = Array.from({ length: group }, (_, i) => `q${i}`).sort(() => r2() - 0.5);
      const local = new LiveIndex();
      for (const id of ids) local.upsert(entry(id, 31.5, 74.3));
      for (let i = 0; i < 200; i++)
        local.upsert(entry(`x${i}`, 31.5 + (r2() - 0.5) * 0.1, 74.3 + (r2() - 0.5) * 0.1));
      for (const radiusM of [0, 3000]) {
        const got = local.within({ lat: 31.5, lon: 74.3 }, radiusM);
        expect(hitsOf(got)).toEqual(oracle.within(local, { lat: 31.5, lon: 74.3 }, radiusM));
        expect(got.slice(0, group).map((h) => keyOf(h.entry))).toEqual(
          ids.map((id) => `person:${id}`).sort(),
        );
      }
    }
  });

  it('inPolygon: the same subjects as isInside over all of them', () => {
    let found = 0;
    for (let q = 0; q < 200; q++) {
      const centre = near(r);
      // A star-shaped ring, so concave corners too.
      const corners = 3 + Math.floor(r() * 9);
      const size = q % 10 === 0 ? 0.6 : 0.08;
      const ring = Array.from({ length: corners }, (_, k) => {
        const angle = (2 * Math.PI * k) / corners;
        const reach = size * (0.2 + r());
        return { lat: centre.lat + reach * Math.sin(angle), lon: centre.lon + reach * Math.cos(angle) };
      });
      const got = index.inPolygon(ring).map(keyOf);
      expect(got).toEqual(oracle.inPolygon(index, ring));
      found += got.length;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('inPolygon: a closed ring reads as the open one', () => {
    const ring = [
      { lat: 33.6, lon: 72.9 },
      { lat: 33.6, lon: 73.2 },
      { lat: 33.8, lon: 73.2 },
      { lat: 33.8, lon: 72.9 },
    ];
    const open = index.inPolygon(ring);
    expect(open.length).toBeGreaterThan(0);
    expect(index.inPolygon([...ring, ring[0]!])).toEqual(open);
  });

  it('alongCorridor: the same subjects at the same distances as the movement rules measure', () => {
    let found = 0;
    for (let q = 0; q < 200; q++) {
      const waypoints = 1 + Math.floor(r() * 6);
      const line = [near(r)];
      for (let k = 1; k < waypoints; k++) {
        const last = line.at(-1)!;
        const step = q % 10 === 0 ? 0.8 : 0.1;
        line.push({ lat: last.lat + (r() - 0.5) * step, lon: last.lon + (r() - 0.5) * step });
      }
      const widthM = r() * 20_000;
      const got = hitsOf(index.alongCorridor(line, widthM));
      expect(got).toEqual(oracle.alongCorridor(index, line, widthM));
      found += got.length;
    }
    expect(found).toBeGreaterThan(3000);
  });

  it('alongCorridor: the Grand Trunk Road from Islamabad to Peshawar, 2 km either side', () => {
    const line = [
      { lat: 33.6844, lon: 73.0479 },
      { lat: 33.7715, lon: 72.3609 },
      { lat: 34.0151, lon: 71.5249 },
    ];
    const got = hitsOf(index.alongCorridor(line, 2000));
    expect(got.length).toBeGreaterThan(100);
    expect(got).toEqual(oracle.alongCorridor(index, line, 2000));
  });
});

describe('LiveIndex upserts', () => {
  it('keeps the latest fix whatever the arrival order, and says when it changed', () => {
    const r = random(7);
    const fixes = Array.from({ length: 20 }, (_, k) =>
      entry('p1', 30 + k * 0.3, 70 + k * 0.2, t0 + k * 60_000),
    );
    for (let round = 0; round < 50; round++) {
      const order = fixes.slice().sort(() => r() - 0.5);
      const index = new LiveIndex();
      let latest = -Infinity;
      for (const e of order) {
        const newer = e.fix.fixAt.getTime() > latest;
        expect(index.upsert(e)).toBe(newer);
        if (newer) latest = e.fix.fixAt.getTime();
        // Resent, it changes nothing.
        expect(index.upsert({ ...e })).toBe(false);
      }
      expect(index.size).toBe(1);
      expect(index.get({ type: 'person', id: 'p1' })).toBe(fixes.at(-1));
      // Only the latest position answers, in its own cell: the earlier ones were moved out of theirs.
      const last = fixes.at(-1)!.fix;
      expect(index.within(last, 100).map((h) => h.entry)).toEqual([fixes.at(-1)]);
      expect(index.within(fixes[0]!.fix, 100)).toEqual([]);
    }
  });

  it('breaks a tie of fix times by device id, so two devices agree in either order', () => {
    const a = entry('p1', 30, 70, t0, 'dev-a');
    const b = entry('p1', 31, 71, t0, 'dev-b');
    expect(isNewer(b, a)).toBe(true);
    expect(isNewer(a, b)).toBe(false);
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const index = new LiveIndex();
      for (const e of order) index.upsert(e);
      expect(index.get(a.subject)).toBe(b);
    }
  });

  it('keeps persons and units with the same id apart', () => {
    const index = new LiveIndex();
    index.upsert(entry('x', 30, 70));
    index.upsert({ ...entry('x', 31, 71), subject: { type: 'unit', id: 'x' } });
    expect(index.size).toBe(2);
    expect(index.get({ type: 'person', id: 'x' })!.fix.lat).toBe(30);
    expect(index.get({ type: 'unit', id: 'x' })!.fix.lat).toBe(31);
  });

  it('stays consistent with the oracle through random moves and removals', () => {
    const r = random(99);
    const index = new LiveIndex();
    const ids = Array.from({ length: 400 }, (_, i) => `p${i}`);
    for (let step = 0; step < 6000; step++) {
      const id = ids[Math.floor(r() * ids.length)]!;
      if (r() < 0.1) {
        const had = index.get({ type: 'person', id }) !== undefined;
        expect(index.remove({ type: 'person', id })).toBe(had);
      } else {
        // Small moves within a cell and jumps across many, at ever later times.
        const current = index.get({ type: 'person', id })?.fix ?? near(r);
        const jump = r() < 0.3 ? 0.5 : 0.01;
        const lat = Math.min(34.3, Math.max(33.3, current.lat + (r() - 0.5) * jump));
        const lon = Math.min(73.4, Math.max(71.2, current.lon + (r() - 0.5) * jump));
        expect(index.upsert(entry(id, lat, lon, t0 + step * 1000))).toBe(true);
      }
      if (step % 500 === 0) {
        const point = near(r);
        expect(hitsOf(index.within(point, 10_000))).toEqual(oracle.within(index, point, 10_000));
      }
    }
    expect([...index].length).toBe(index.size);
    expect(new Set([...index].map(keyOf)).size).toBe(index.size);
    const point = near(r);
    expect(hitsOf(index.within(point, 400_000))).toEqual(oracle.within(index, point, 400_000));
    expect(index.within(point, 400_000).length).toBe(index.size);
  });

  it('refuses a position off the globe', () => {
    const index = new LiveIndex();
    expect(() => index.upsert(entry('p1', 91, 70))).toThrow(RangeError);
    expect(() => index.upsert(entry('p1', Number.NaN, 70))).toThrow(RangeError);
    expect(() => index.upsert(entry('p1', 30, 180.5))).toThrow(RangeError);
    expect(() => index.within({ lat: 30, lon: Number.POSITIVE_INFINITY }, 10)).toThrow(RangeError);
    expect(index.size).toBe(0);
  });

  it('answers nothing for a negative or missing radius, an empty line or a ring of two', () => {
    const index = new LiveIndex();
    index.upsert(entry('p1', 30, 70));
    expect(index.within({ lat: 30, lon: 70 }, -1)).toEqual([]);
    expect(index.within({ lat: 30, lon: 70 }, Number.NaN)).toEqual([]);
    expect(index.alongCorridor([], 1000)).toEqual([]);
    expect(
      index.inPolygon([
        { lat: 29, lon: 69 },
        { lat: 31, lon: 71 },
      ]),
    ).toEqual([]);
  });
});

describe('LiveIndex at the edges of the grid', () => {
  const index = new LiveIndex();
  const corners: [number, number][] = [
    [90, 0],
    [90, 180],
    [-90, -180],
    [-90, 45],
    [89.99, 179.99],
    [89.99, -179.99],
    [-89.97, 10],
    [0, 180],
    [0, -180],
    [0, 179.999],
    [45, -179.999],
  ];
  corners.forEach(([lat, lon], i) => index.upsert(entry(`e${i}`, lat, lon)));
  const r = random(3);
  for (let i = 0; i < 300; i++) index.upsert(entry(`n${i}`, 85 + r() * 5, -180 + r() * 360));

  it('finds subjects around the poles and across the antimeridian as the oracle does', () => {
    const points: LatLon[] = [
      { lat: 90, lon: 0 },
      { lat: -90, lon: 0 },
      { lat: 89.9, lon: -120 },
      { lat: 0, lon: 180 },
      { lat: 0, lon: -180 },
      { lat: 45, lon: 179.99 },
    ];
    for (const point of points)
      for (const radiusM of [0, 1000, 50_000, 600_000]) {
        const got = hitsOf(index.within(point, radiusM));
        expect(got).toEqual(oracle.within(index, point, radiusM));
      }
    // Across the antimeridian: both sides of 180° at the equator.
    expect(index.within({ lat: 0, lon: 180 }, 1000).map((h) => keyOf(h.entry))).toEqual(
      expect.arrayContaining(['person:e7', 'person:e8', 'person:e9']),
    );
    expect(index.within({ lat: 90, lon: 0 }, 600_000).length).toBeGreaterThan(300);
  });

  it('does not fail on polygons and corridors at the poles', () => {
    const ring = [
      { lat: 85, lon: -180 },
      { lat: 85, lon: 180 },
      { lat: 90, lon: 180 },
      { lat: 90, lon: -180 },
    ];
    expect(index.inPolygon(ring).map(keyOf)).toEqual(oracle.inPolygon(index, ring));
    const line = [
      { lat: 88, lon: 10 },
      { lat: 89.99, lon: 10 },
      { lat: 89, lon: 60 },
    ];
    // The movement rules take each waypoint's longitude the short way from the fix, which bends a
    // leg that straddles the fix's antipodal meridian: compared where that cannot happen.
    const eastern = [...index].filter((e) => e.fix.lon >= -60 && e.fix.lon <= 120);
    const got = hitsOf(index.alongCorridor(line, 20_000)).filter(([key]) =>
      eastern.some((e) => keyOf(e) === key),
    );
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(oracle.alongCorridor(eastern, line, 20_000));
    expect(hitsOf(index.alongCorridor([{ lat: -90, lon: 0 }], 5000))).toEqual(
      oracle.alongCorridor(index, [{ lat: -90, lon: 0 }], 5000),
    );
  });
});

describe('statusOf', () => {
  const e = entry('p1', 30, 70, t0);
  const minute = 60_000;
  const cases: [string, number, boolean, string][] = [
    ['within its interval', 4 * minute, false, 'live'],
    ['exactly at its interval', 5 * minute, false, 'live'],
    ['within its interval, on a movement', 4 * minute, true, 'live'],
    ['past its interval', 5 * minute + 1, false, 'stale'],
    ['past its interval, on a movement', 5 * minute + 1, true, 'silent'],
    ['hours past, on a movement', 180 * minute, true, 'silent'],
    ['a fix from a clock running ahead', -10 * minute, true, 'live'],
  ];
  it.each(cases)('%s', (_, age, inMovement, status) => {
    expect(statusOf(e, 5 * minute, new Date(t0 + age), inMovement)).toBe(status);
  });
});
