import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { recordIed, squareAround } from '../../test/helpers/risk.js';
import { expectError } from '../../test/helpers/routes.js';
import { assessRoute } from './route.js';
import {
  defaultRiskParameters,
  haversineKm,
  levelOf,
  RiskGrid,
  severityOf,
  type ScoredIncident,
} from './risk.js';

const p = defaultRiskParameters;
const day = 86_400_000;
const quetta = { lat: 30.1798, lon: 66.975 };
const bomb: ScoredIncident = {
  id: 'a',
  ...quetta,
  date: '2026-11-01',
  killed: 20,
  wounded: 30,
  kidnapped: 0,
  targetsForeigners: false,
};

describe('the risk grid (pure)', () => {
  it.each([
    [0, 1],
    [0.99, 1],
    [1, 2],
    [5, 3],
    [20, 4],
    [60, 5],
    [199.9, 5],
    [200, 6],
  ])('score %d is level %i', (score, level) => {
    expect(levelOf(score, p)).toBe(level);
  });

  it('raises the incident cell most, then each ring by half', () => {
    const grid = new RiskGrid();
    grid.add(bomb);
    const now = new Date('2026-11-01T00:00:00Z');
    const centre = latLngToCell(quetta.lat, quetta.lon, p.resolution);
    const ring1 = gridDisk(centre, 1).find((c) => c !== centre)!;
    const ring3 = gridDisk(centre, 3).find((c) => !gridDisk(centre, 2).includes(c))!;
    const weight = severityOf(bomb, p);
    expect(weight).toBe(1 + 3 * 20 + 30);
    expect(grid.scoreOf(centre, now)).toBeCloseTo(weight, 6);
    expect(grid.scoreOf(ring1, now)).toBeCloseTo(weight / 2, 6);
    expect(grid.scoreOf(ring3, now)).toBe(0);
    expect(levelOf(grid.scoreOf(centre, now), p)).toBe(5);
    expect(levelOf(grid.scoreOf(ring1, now), p)).toBe(4);
  });

  it('halves every half-life, and forgets a removed incident', () => {
    const grid = new RiskGrid();
    grid.add(bomb);
    const cell = grid.cellAt(quetta.lat, quetta.lon);
    const fresh = grid.scoreOf(cell, new Date('2026-11-01'));
    expect(grid.scoreOf(cell, new Date(Date.parse('2026-11-01') + 90 * day))).toBeCloseTo(fresh / 2, 6);
    expect(grid.scoreOf(cell, new Date(Date.parse('2026-11-01') + 360 * day))).toBeCloseTo(fresh / 16, 6);
    grid.remove('a');
    expect(grid.scoreOf(cell, new Date('2026-11-01'))).toBe(0);
    expect(grid.size).toBe(0);
  });

  it('doubles the weight of attacks on foreign nationals', () => {
    expect(severityOf({ ...bomb, targetsForeigners: true }, p)).toBe(2 * severityOf(bomb, p));
  });

  it('takes a route level from its worst stretch, with kilometres per level', () => {
    const route = [
      { lat: 24.86, lon: 67.0 },
      { lat: 25.4, lon: 68.36 },
    ];
    const km = haversineKm(route[0]!, route[1]!);
    const result = assessRoute(route, {
      resolution: p.resolution,
      computedLevel: (cell) => (cellToLatLng(cell)[1]! > 68 ? 5 : 2),
      zonesAlong: (_cell, _a, _b, from, to) => [{ from, to, level: null, zoneId: null }],
    });
    expect(result.maxLevel).toBe(5);
    expect(result.km).toBeCloseTo(km, 0);
    expect(result.kmByLevel[2]! + result.kmByLevel[5]!).toBeCloseTo(km, 0);
    expect(result.kmByLevel[5]).toBeGreaterThan(0);
  });

  it('cuts a route into segments where its level changes, with the points where it does', () => {
    const route = [
      { lat: 30, lon: 67 },
      { lat: 30, lon: 68 },
      { lat: 31, lon: 68 },
    ];
    // A zone of level 4 over the middle half of the first leg; elsewhere the grid's level 1.
    const result = assessRoute(route, {
      resolution: p.resolution,
      computedLevel: () => 1,
      zonesAlong: (_cell, a, b, from, to) => {
        if (a.lat !== b.lat) return [{ from, to, level: null, zoneId: null }];
        const cuts = [from, ...[0.25, 0.75].filter((c) => c > from && c < to), to];
        return cuts.slice(1).map((end, i) => {
          const middle = (cuts[i]! + end) / 2;
          return { from: cuts[i]!, to: end, level: middle > 0.25 && middle < 0.75 ? 4 : null, zoneId: null };
        });
      },
    });
    expect(result.segments.map((s) => s.level)).toEqual([1, 4, 1]);
    expect(result.segments.map((s) => s.points)).toEqual([
      [route[0], { lat: 30, lon: 67.25 }],
      [
        { lat: 30, lon: 67.25 },
        { lat: 30, lon: 67.75 },
      ],
      [{ lat: 30, lon: 67.75 }, route[1], route[2]],
    ]);
    const zoneKm = haversineKm({ lat: 30, lon: 67.25 }, { lat: 30, lon: 67.75 });
    expect(result.segments[1]!.km).toBeCloseTo(zoneKm, 1);
    expect(result.kmByLevel[4]).toBeCloseTo(zoneKm, 1);
    expect(result.segments[0]!.km + result.segments[2]!.km).toBeCloseTo(result.kmByLevel[1]!, 0);
  });
});

describe('the risk service', () => {
  const t = useTestApp({
    setup: async () => {
      t.clock.advance(Date.parse('2026-11-02T00:00:00Z') - t.clock.now().getTime());
    },
  });

  const point = (lat: number, lon: number, who = 'cso:coordinator') =>
    t.request(who, { method: 'GET', url: `/api/v1/risk/point?lat=${lat}&lon=${lon}` });

  it('raises an area and its neighbours as soon as a severe incident is recorded', async () => {
    expect((await point(quetta.lat, quetta.lon)).json()).toMatchObject({ level: 1, score: 0 });
    const res = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: {
        date: '2026-11-01',
        province: 'Balochistan',
        place: 'Quetta',
        ...quetta,
        type: 'suicide_attack',
        killed: { best: 20 },
        wounded: { best: 30 },
      },
    });
    expect(res.statusCode).toBe(201);
    // 1 + 3·20 + 30 = 91: high.
    expect((await point(quetta.lat, quetta.lon)).json()).toMatchObject({ level: 5, zoneId: null });
    // About 15 km away: the next ring.
    const near = (await point(quetta.lat + 0.15, quetta.lon)).json();
    expect(near.level).toBeGreaterThanOrEqual(3);
    expect(near.level).toBeLessThan(5);
    expect((await point(24.86, 67.0)).json().level).toBe(1);
  });

  it('lets an old incident fade', async () => {
    const old = await recordIed(t, '2025-11-01', { lat: 33.0, lon: 70.0 }, 20, 30);
    expect(old.h3_cell).not.toBeNull();
    // A year is four half-lives: 91 / 16 ≈ 5.7, level 3 rather than 5.
    expect((await point(33.0, 70.0)).json()).toMatchObject({ level: 3 });
  });

  it('rates a route by its worst area', async () => {
    const res = await t.request('ssd:coordinator', {
      method: 'POST',
      url: '/api/v1/risk/route',
      payload: { waypoints: [{ lat: 29.5, lon: 66.9 }, quetta, { lat: 30.8, lon: 67.0 }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().maxLevel).toBe(5);
    expect(res.json().kmByLevel['1']).toBeGreaterThan(50);
    expectError(
      await t.request('ssd:coordinator', {
        method: 'POST',
        url: '/api/v1/risk/route',
        payload: { waypoints: [] },
      }),
      400,
      'validation_failed',
      'body.waypoints',
    );
  });

  it('applies a zone that raises the level at once, and one that lowers it only after the other party signs', async () => {
    const karachi = { lat: 24.86, lon: 67.0 };
    const raise = await t.request('cso:analyst', {
      method: 'POST',
      url: '/api/v1/risk/zones',
      payload: {
        polygon: squareAround(karachi, 0.1),
        level: 4,
        reason: 'Threat report against the airport road',
      },
    });
    expect(raise.statusCode, raise.body).toBe(201);
    expect(raise.json()).toMatchObject({ status: 'active', computedLevel: 1 });
    expect((await point(karachi.lat, karachi.lon)).json()).toMatchObject({
      level: 4,
      computedLevel: 1,
      zoneId: raise.json().id,
    });

    const lower = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/risk/zones',
      payload: {
        polygon: squareAround(quetta, 0.02),
        level: 3,
        reason: 'Cantonment secured',
        expiresAt: '2026-12-01T00:00:00Z',
      },
    });
    expect(lower.json()).toMatchObject({ status: 'pending', computedLevel: 5, signOff: 'lowers' });
    expect((await point(quetta.lat, quetta.lon)).json().level).toBe(5);
    expectError(
      await t.request('ssd:admin', { method: 'POST', url: `/api/v1/risk/zones/${lower.json().id}/approve` }),
      403,
      'forbidden',
    );
    const approved = await t.request('cso:coordinator', {
      method: 'POST',
      url: `/api/v1/risk/zones/${lower.json().id}/approve`,
    });
    expect(approved.json()).toMatchObject({ status: 'active', approvedPartyId: 'cso' });
    expect((await point(quetta.lat, quetta.lon)).json()).toMatchObject({ level: 3, zoneId: lower.json().id });
    t.clock.advance(40 * day);
    expect((await point(quetta.lat, quetta.lon)).json().zoneId).toBeNull();
  });

  it('draws the grid and the zones as GeoJSON', async () => {
    const res = await t.request('cso:observer', {
      method: 'GET',
      url: '/api/v1/risk/grid.geojson?minLevel=3',
    });
    const features = res.json().features as { properties: { kind: string; level: number } }[];
    expect(features.filter((f) => f.properties.kind === 'cell').length).toBeGreaterThan(0);
    expect(features.every((f) => f.properties.kind === 'zone' || f.properties.level >= 3)).toBe(true);
  });

  it('refuses zones from roles without risk.zone and anonymous reads', async () => {
    expectError(
      await t.request('cso:coordinator', { method: 'POST', url: '/api/v1/risk/zones', payload: {} }),
      403,
      'forbidden',
    );
    expectError(
      await t.request(null, { method: 'GET', url: '/api/v1/risk/point?lat=1&lon=1' }),
      401,
      'unauthenticated',
    );
    expectError(await point(91, 0), 400, 'validation_failed', 'querystring.lat');
  });
});
