import { describe, expect, it } from 'vitest';
import { polygonOf, squareRing } from '../../test/helpers/risk.js';
import { type Polygon, minPolygonAreaKm2, polygonAreaKm2, polygonProblem, ringAreaKm2 } from './geo.js';

describe('polygon validation (pure)', () => {
  it.each<[string, Polygon]>([
    ['a square', polygonOf(squareRing(67, 25, 0.1))],
    ['a square wound clockwise', polygonOf(squareRing(67, 25, 0.1).reverse())],
    [
      'a triangle',
      polygonOf([
        [67, 25],
        [67.1, 25],
        [67, 25.1],
        [67, 25],
      ]),
    ],
    [
      'a repeated position in a row',
      polygonOf([
        [67, 25],
        [67.1, 25],
        [67.1, 25],
        [67, 25.1],
        [67, 25],
      ]),
    ],
    ['a square with a hole', polygonOf(squareRing(67, 25, 0.2), squareRing(67, 25, 0.1))],
    [
      'a concave L',
      polygonOf([
        [0, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 2],
        [0, 2],
        [0, 0],
      ]),
    ],
    ['a square at the antimeridian, on one side', polygonOf(squareRing(179.8, 0, 0.1))],
  ])('accepts %s', (_name, p) => {
    expect(polygonProblem(p)).toBeNull();
  });

  it.each<[string, Polygon, string, { ring?: number; vertex?: number }]>([
    [
      'no area: a line walked there and back',
      polygonOf([
        [67, 25],
        [68, 25],
        [67, 25],
        [68, 25],
        [67, 25],
      ]),
      'no area|crosses or touches',
      {},
    ],
    [
      'no area: three collinear positions',
      polygonOf([
        [67, 25],
        [67.5, 25],
        [68, 25],
        [67, 25],
      ]),
      'no area|crosses or touches itself',
      { ring: 0 },
    ],
    [
      'one position four times',
      polygonOf([
        [67, 25],
        [67, 25],
        [67, 25],
        [67, 25],
      ]),
      'three distinct',
      { ring: 0 },
    ],
    [
      'two distinct positions',
      polygonOf([
        [67, 25],
        [68, 25],
        [68, 25],
        [67, 25],
      ]),
      'three distinct',
      { ring: 0 },
    ],
    [
      'a ring not closed',
      polygonOf([
        [67, 25],
        [68, 25],
        [68, 26],
        [67, 26],
      ]),
      'ends where it starts',
      { ring: 0 },
    ],
    [
      'a bow tie',
      polygonOf([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
      'crosses or touches itself',
      { ring: 0 },
    ],
    [
      'a ring touching itself at a vertex',
      polygonOf([
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [1, 1],
        [0, 0],
      ]),
      'crosses or touches itself',
      { ring: 0 },
    ],
    [
      'a spike folding back along an edge',
      polygonOf([
        [0, 0],
        [2, 0],
        [2, 2],
        [2, 1],
        [0, 2],
        [0, 0],
      ]),
      'crosses or touches itself',
      { ring: 0 },
    ],
    [
      'NaN',
      polygonOf([
        [Number.NaN, 25],
        [68, 25],
        [68, 26],
        [Number.NaN, 25],
      ]),
      'finite',
      { ring: 0, vertex: 0 },
    ],
    [
      'Infinity',
      polygonOf([
        [67, 25],
        [Infinity, 25],
        [68, 26],
        [67, 25],
      ]),
      'finite',
      { ring: 0, vertex: 1 },
    ],
    [
      'a longitude out of range',
      polygonOf([
        [67, 25],
        [181, 25],
        [68, 26],
        [67, 25],
      ]),
      'longitude',
      { ring: 0, vertex: 1 },
    ],
    [
      'a latitude out of range',
      polygonOf([
        [67, 25],
        [68, 25],
        [68, 91],
        [67, 25],
      ]),
      'latitude',
      { ring: 0, vertex: 2 },
    ],
    [
      'a third coordinate',
      polygonOf([
        [67, 25, 10],
        [68, 25],
        [68, 26],
        [67, 25],
      ]),
      'two finite numbers',
      { ring: 0, vertex: 0 },
    ],
    [
      'a hole outside the outer ring',
      polygonOf(squareRing(67, 25, 0.1), squareRing(70, 25, 0.1)),
      'inside the outer ring',
      { ring: 1 },
    ],
    [
      'a hole crossing the outer ring',
      polygonOf(squareRing(67, 25, 0.1), squareRing(67.1, 25, 0.05)),
      'Rings 0 and 1 cross',
      {},
    ],
    [
      'a hole inside another hole',
      polygonOf(squareRing(67, 25, 1), squareRing(67, 25, 0.5), squareRing(67, 25, 0.1)),
      'not inside another hole',
      {},
    ],
    [
      'a span of the whole world',
      polygonOf([
        [-180, -10],
        [180, -10],
        [180, 10],
        [-180, 10],
        [-180, -10],
      ]),
      'antimeridian',
      {},
    ],
    [
      'a polygon across the antimeridian, written the long way',
      polygonOf([
        [179.9, 0],
        [-179.9, 0],
        [-179.9, 1],
        [179.9, 1],
        [179.9, 0],
      ]),
      'antimeridian',
      {},
    ],
    ['no rings', polygonOf(), 'outer ring', {}],
  ])('refuses %s', (_name, p, message, where) => {
    const problem = polygonProblem(p);
    expect(problem?.message).toMatch(new RegExp(message));
    expect(problem).toMatchObject(where);
  });

  it('measures area on the sphere: a degree square at the equator is about 12,364 km²', () => {
    expect(ringAreaKm2(squareRing(0.5, 0.5, 0.5))).toBeCloseTo(12_364, -1);
    expect(polygonAreaKm2(polygonOf(squareRing(0, 0, 1), squareRing(0, 0, 0.5)))).toBeCloseTo(
      ringAreaKm2(squareRing(0, 0, 1)) - ringAreaKm2(squareRing(0, 0, 0.5)),
      6,
    );
    // A 20 m square is below the least area.
    expect(ringAreaKm2(squareRing(67, 25, 0.0001))).toBeLessThan(minPolygonAreaKm2);
    expect(polygonProblem(polygonOf(squareRing(67, 25, 0.0001)))?.message).toMatch(/no area/);
  });

  it('checks a ring of 2,000 positions quickly (a sweep, not every pair)', () => {
    const ring: number[][] = [];
    for (let i = 0; i < 1999; i++) {
      const angle = (2 * Math.PI * i) / 1999;
      const r = i % 2 === 0 ? 1 : 0.9;
      ring.push([67 + r * Math.cos(angle), 25 + r * Math.sin(angle)]);
    }
    ring.push(ring[0]!);
    const began = performance.now();
    expect(polygonProblem(polygonOf(ring))).toBeNull();
    expect(performance.now() - began).toBeLessThan(1000);
  });
});
