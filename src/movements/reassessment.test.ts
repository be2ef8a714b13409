import { describe, expect, it } from 'vitest';
import { roadRoute } from '../../test/helpers/roads.js';
import { runToEnd } from '../platform/slices.js';
import { assessRoute, routePiecesSteps } from '../risk/route.js';
import { ReassessmentIndex } from './reassessment.js';

const noZones = {
  resolution: 5,
  zonesAlong: (_cell: string, _a: unknown, _b: unknown, from: number, to: number) => [
    { from, to, level: null, zoneId: null },
  ],
};
const walk = (route: ReturnType<typeof roadRoute>, corridorKm = 1) =>
  runToEnd(routePiecesSteps(route, noZones, corridorKm));

describe('re-assessing open movements from the cells that changed (pure)', () => {
  const kkh = roadRoute('karakoram');
  const m9 = roadRoute('karachiHyderabad');
  const index = new ReassessmentIndex();
  index.set('kkh', walk(kkh));
  index.set('kkh-north', walk(kkh.slice(Math.floor(kkh.length / 2))));
  index.set('m9', walk(m9));

  it('finds the movements whose corridor reads a changed cell, each once', () => {
    const dasu = walk([{ lat: 35.29, lon: 73.29 }], 0).pieces[0]!.cells[0]!;
    const nooriabad = walk([{ lat: 25.18, lon: 67.87 }], 0).pieces[0]!.cells[0]!;
    expect(index.affectedBy([dasu])).toEqual(['kkh']);
    expect(index.affectedBy([dasu, nooriabad, dasu]).sort()).toEqual(['kkh', 'm9']);
    expect(index.affectedBy(['85000000fffffff'])).toEqual([]);
  });

  it('recomputes a route from the cells’ levels exactly as walking it again would', () => {
    // Some cells made high, as an incident would.
    const high = new Set([...index.kmByCell('m9').keys()].filter((_, i) => i % 4 === 1));
    const level = (cell: string) => (high.has(cell) ? 5 : 1);
    expect(index.reassess('m9', level)).toEqual(assessRoute(m9, { ...noZones, computedLevel: level }, 1));
    expect(index.reassess('m9', level)!.maxLevel).toBe(5);
    expect(index.reassess('kkh', level)).toEqual(assessRoute(kkh, { ...noZones, computedLevel: level }, 1));
    expect(index.reassess('gone', level)).toBeNull();
  });

  it('counts the kilometres that read each cell', () => {
    const km = [...index.kmByCell('m9').values()];
    // A stretch within the corridor of two cells counts for both: at least the route, a little more.
    const total = km.reduce((a, b) => a + b, 0);
    const length = walk(m9).km;
    expect(total).toBeGreaterThanOrEqual(length - 1e-6);
    expect(total).toBeLessThan(length * 1.5);
  });

  it('forgets a movement, and its old cells when its route changes', () => {
    const moved = new ReassessmentIndex();
    moved.set('a', walk(m9));
    const karachi = walk([m9[0]!], 0).pieces[0]!.cells[0]!;
    expect(moved.affectedBy([karachi])).toEqual(['a']);
    moved.set('a', walk(kkh));
    expect(moved.affectedBy([karachi])).toEqual([]);
    moved.remove('a');
    expect(moved.size).toBe(0);
    expect(moved.affectedBy(walk(kkh).pieces.flatMap((p) => p.cells))).toEqual([]);
  });
});
