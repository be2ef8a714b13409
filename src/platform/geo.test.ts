import { describe, expect, it } from 'vitest';
import { type Polygon, minPolygonAreaKm2, polygonAreaKm2, polygonProblem, ringAreaKm2 } from './geo.js';

const polygon = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings }) as unknown as Polygon;
const square = (lon: number, lat: number, d: number) => [
  [lon - d, lat - d],
  [lon + d, lat - d],
  [lon + d, lat + d],
  [lon - d, lat + d],
  [lon - d, lat - d],
];

describe('polygon validation (pure)', () => {
  it.each<[string, Polygon]>([
    ['a square', polygon(square(67, 25, 0.1))],
    ['a square wound clockwise', polygon(square(67, 25, 0.1).reverse())],
    [
      'a triangle',
      polygon([
        [67, 25],
        [67.1, 25],
        [67, 25.1],
        [67, 25],
      ]),
    ],
    [
      'a repeated position in a row',
      polygon([
        [67, 25],
        [67.1, 25],
        [67.1, 25],
        [67, 25.1],
        [67, 25],
      ]),
    ],
    ['a square with a hole', polygon(square(67, 25, 0.2), square(67, 25, 0.1))],
    [
      'a concave L',
      polygon([
        [0, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 2],
        [0, 2],
        [0, 0],
      ]),
    ],
    ['a square at the antimeridian, on one side', polygon(square(179.8, 0, 0.1))],
  ])('accepts %s', (_name, p) => {
    expect(polygonProblem(p)).toBeNull();
  });

  it.each<[string, Polygon, string, { ring?: number; vertex?: number }]>([
    [
      'no area: a line walked there and back',
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon([
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
      polygon(square(67, 25, 0.1), square(70, 25, 0.1)),
      'inside the outer ring',
      { ring: 1 },
    ],
    [
      'a hole crossing the outer ring',
      polygon(square(67, 25, 0.1), square(67.1, 25, 0.05)),
      'Rings 0 and 1 cross',
      {},
    ],
    [
      'a hole inside another hole',
      polygon(square(67, 25, 1), square(67, 25, 0.5), square(67, 25, 0.1)),
      'not inside another hole',
      {},
    ],
    [
      'a span of the whole world',
      polygon([
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
      polygon([
        [179.9, 0],
        [-179.9, 0],
        [-179.9, 1],
        [179.9, 1],
        [179.9, 0],
      ]),
      'antimeridian',
      {},
    ],
    ['no rings', polygon(), 'outer ring', {}],
  ])('refuses %s', (_name, p, message, where) => {
    const problem = polygonProblem(p);
    expect(problem?.message).toMatch(new RegExp(message));
    expect(problem).toMatchObject(where);
  });

  it('measures area on the sphere: a degree square at the equator is about 12,364 km²', () => {
    expect(ringAreaKm2(square(0.5, 0.5, 0.5))).toBeCloseTo(12_364, -1);
    expect(polygonAreaKm2(polygon(square(0, 0, 1), square(0, 0, 0.5)))).toBeCloseTo(
      ringAreaKm2(square(0, 0, 1)) - ringAreaKm2(square(0, 0, 0.5)),
      6,
    );
    // A 20 m square is below the least area.
    expect(ringAreaKm2(square(67, 25, 0.0001))).toBeLessThan(minPolygonAreaKm2);
    expect(polygonProblem(polygon(square(67, 25, 0.0001)))?.message).toMatch(/no area/);
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
    expect(polygonProblem(polygon(ring))).toBeNull();
    expect(performance.now() - began).toBeLessThan(1000);
  });
});
