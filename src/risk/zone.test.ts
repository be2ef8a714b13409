import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { polygonOf, squareRing } from '../../test/helpers/risk.js';

import { cellsAlong, segmentEnd } from './cell-walk.js';
import { defaultZoneLimits, signOffReason, signOffRefusal, zoneProblem } from './zone.js';
import { coverAlong, coverContains, coverZone } from './zone-cover.js';
import { ZoneIndex } from './zone-index.js';
import { isInside, type Polygon } from '../platform/geo.js';
/** A star of `points` spikes: concave, many vertices. */
function star(lon: number, lat: number, outer: number, inner: number, points: number): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < points * 2; i++) {
    const angle = (Math.PI * i) / points;
    const r = i % 2 === 0 ? outer : inner;
    ring.push([lon + r * Math.cos(angle), lat + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

describe('zone rules (pure)', () => {
  it.each([
    // level, area km², grid min, grid max → reason
    [6, 10, 1, 1, 'extreme'],
    [6, 10, 6, 6, 'extreme'],
    [3, 10, 1, 5, 'lowers'],
    [5, 50_000, 1, 6, 'lowers'],
    [4, 50_000, 1, 2, 'wide'],
    [4, 50_000, 4, 4, null],
    [4, 9_000, 1, 2, null],
    [2, 10, 1, 2, null],
    [1, 50_000, 1, 1, null],
  ] as const)(
    'a level-%i zone over %i km² where the grid is %i–%i: %s',
    (level, areaKm2, min, max, reason) => {
      expect(signOffReason({ level, areaKm2, computed: { min, max } })).toBe(reason);
    },
  );

  const host = { partyId: 'ssd', partyKind: 'host' as const };
  const partner = { partyId: 'cso', partyKind: 'partner' as const };
  it.each([
    ['the partner coordinator, for a host zone', { ...partner, roles: ['coordinator'] }, host, null],
    ['the partner admin, for a host zone', { ...partner, roles: ['admin'] }, host, null],
    ['the host coordinator, for a partner zone', { ...host, roles: ['coordinator'] }, partner, null],
    ['the recording party', { ...host, roles: ['coordinator', 'admin'] }, host, /not its own/],
    [
      'another partner, for a partner zone',
      { partyId: 'other', partyKind: 'partner', roles: ['admin'] },
      partner,
      /signed off by the host/,
    ],
    ['an analyst of the other party', { ...partner, roles: ['analyst'] }, host, /coordinator or admin/],
    ['an observer of the other party', { ...partner, roles: ['observer'] }, host, /coordinator or admin/],
    ['the server with no party', { partyId: null, partyKind: null, roles: [] }, host, /user of a party/],
  ] as const)('a sign-off by %s', (_name, approver, recorder, refusal) => {
    const result = signOffRefusal(approver, recorder);
    if (refusal === null) expect(result).toBeNull();
    else expect(result).toMatch(refusal);
  });

  it('bounds a zone by positions and area, and names what is over', () => {
    expect(zoneProblem(polygonOf(star(67, 30, 1, 0.5, 999)))).toBeNull();
    expect(zoneProblem(polygonOf(star(67, 30, 1, 0.5, 1000)))).toMatchObject({
      kind: 'too_large',
      limit: defaultZoneLimits.maxVertices,
      value: 2001,
    });
    // About 1.2 million km²: larger than Pakistan.
    expect(zoneProblem(polygonOf(squareRing(70, 30, 5)))).toMatchObject({
      kind: 'too_large',
      limit: 1_000_000,
    });
    expect(zoneProblem(polygonOf(squareRing(70, 30, 4)))).toBeNull();
    expect(
      zoneProblem(
        polygonOf([
          [67, 25],
          [68, 25],
          [67, 25],
          [67, 25],
        ]),
      ),
    ).toMatchObject({ kind: 'invalid' });
  });
});

describe('zone coverage (pure)', () => {
  const resolution = 5;
  const shapes: [string, Polygon][] = [
    ['a concave star with a hole', polygonOf(star(67, 30, 1.5, 0.6, 40), squareRing(67, 30, 0.2))],
    ['a zone smaller than a cell', polygonOf(squareRing(67.02, 30.01, 0.01))],
    ['a square at the antimeridian', polygonOf(squareRing(179.7, -16, 0.25))],
  ];

  it.each(shapes)('says inside exactly as the whole polygon does: %s', (_name, zone) => {
    const cover = coverZone(zone, resolution);
    const ring = zone.coordinates[0]!;
    const lons = ring.map((p) => p[0]!);
    const lats = ring.map((p) => p[1]!);
    const [minLon, maxLon, minLat, maxLat] = [
      Math.min(...lons),
      Math.max(...lons),
      Math.min(...lats),
      Math.max(...lats),
    ];
    const r = random(3);
    let inside = 0;
    for (let i = 0; i < 3000; i++) {
      const point = {
        lon: minLon - 0.1 + r() * (maxLon - minLon + 0.2),
        lat: minLat - 0.1 + r() * (maxLat - minLat + 0.2),
      };
      const cell = latLngToCell(point.lat, point.lon, resolution);
      const expected = isInside(point, zone);
      if (expected) inside++;
      expect(coverContains(cover, cell, point), JSON.stringify(point)).toBe(expected);
    }
    expect(inside).toBeGreaterThan(10);
  });

  it.each(shapes)('cuts a segment where it enters and leaves: %s', (_name, zone) => {
    const cover = coverZone(zone, resolution);
    const r = random(5);
    const ring = zone.coordinates[0]!;
    const [cx, cy] = ring[0]!;
    for (let k = 0; k < 20; k++) {
      const a = { lon: cx! - 2 + r() * 4, lat: cy! - 2 + r() * 4 };
      const b = segmentEnd(a, { lon: cx! - 2 + r() * 4, lat: cy! - 2 + r() * 4 });
      const stretches = cellsAlong(a, b, resolution).flatMap((s) =>
        coverAlong(cover, s.cell, a, b, s.from, s.to),
      );
      for (let i = 0; i <= 400; i++) {
        const t = (i + 0.5) / 401;
        const point = { lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t };
        const within = stretches.some((s) => s.from <= t && t <= s.to);
        const near = stretches.some((s) => Math.abs(s.from - t) < 1e-6 || Math.abs(s.to - t) < 1e-6);
        if (!near) expect(within, `${JSON.stringify(point)} t=${t}`).toBe(isInside(point, zone));
      }
    }
  });

  it('takes the highest of overlapping zones along a stretch, and only the zones that count', () => {
    const index = new ZoneIndex();
    index.add({ id: 'wide', level: 3, cover: coverZone(polygonOf(squareRing(67, 30, 0.5)), resolution) });
    index.add({ id: 'core', level: 5, cover: coverZone(polygonOf(squareRing(67, 30, 0.1)), resolution) });
    const a = { lat: 30, lon: 66 };
    const b = { lat: 30, lon: 68 };
    const pieces = cellsAlong(a, b, resolution).flatMap((s) =>
      index.along(s.cell, a, b, s.from, s.to, () => true).map((p) => ({ ...p, cell: s.cell })),
    );
    const at = (t: number) => pieces.find((p) => p.from <= t && t <= p.to)!;
    expect(at(0.1).level).toBeNull();
    expect(at(0.3)).toMatchObject({ level: 3, zoneId: 'wide' });
    expect(at(0.5)).toMatchObject({ level: 5, zoneId: 'core' });
    expect(at(0.7)).toMatchObject({ level: 3, zoneId: 'wide' });
    const length = (level: number | null) =>
      pieces.filter((p) => p.level === level).reduce((sum, p) => sum + (p.to - p.from), 0);
    expect(length(5)).toBeCloseTo(0.1, 3);
    expect(length(3)).toBeCloseTo(0.4, 3);
    // Without the core zone counting, the wide one holds the middle too.
    const wideOnly = cellsAlong(a, b, resolution).flatMap((s) =>
      index.along(s.cell, a, b, s.from, s.to, (id) => id === 'wide'),
    );
    expect(wideOnly.filter((p) => p.level === 3).reduce((sum, p) => sum + (p.to - p.from), 0)).toBeCloseTo(
      0.5,
      3,
    );
    index.remove('wide');
    expect(index.at(latLngToCell(30, 66.7, resolution), { lat: 30, lon: 66.7 }, () => true)).toBeNull();
    expect(index.at(latLngToCell(30, 67, resolution), { lat: 30, lon: 67 }, () => true)?.id).toBe('core');
  });
});
