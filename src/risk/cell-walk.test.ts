import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { cellsAlong, normalLon, segmentEnd } from './cell-walk.js';
import { haversineKm } from './risk.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

describe('walking a segment cell by cell (pure)', () => {
  it('finds every cell that dense sampling finds, in order, with stretches that join end to end', () => {
    const r = random(7);
    for (let k = 0; k < 60; k++) {
      // Mid latitudes, near a pole, and across the antimeridian.
      const lat = k % 10 === 0 ? 80 + r() * 9 : -60 + r() * 120;
      const lon = k % 7 === 0 ? 179 + r() : -180 + r() * 360;
      const a = { lat, lon };
      const size = k % 3 === 0 ? 8 : 1;
      const b = {
        lat: Math.max(-89.9, Math.min(89.9, lat + (r() - 0.5) * size)),
        lon: normalLon(lon + (r() - 0.5) * size),
      };
      const spans = cellsAlong(a, b, 5);
      expect(spans[0]!.from).toBe(0);
      expect(spans.at(-1)!.to).toBe(1);
      for (let i = 1; i < spans.length; i++) {
        expect(spans[i]!.from).toBe(spans[i - 1]!.to);
        expect(spans[i]!.cell).not.toBe(spans[i - 1]!.cell);
      }
      const end = segmentEnd(a, b);
      const at = (t: number) => ({ lat: a.lat + (end.lat - a.lat) * t, lon: a.lon + (end.lon - a.lon) * t });
      for (let i = 0; i <= 2000; i++) {
        const t = i / 2000;
        const cell = latLngToCell(a.lat + (end.lat - a.lat) * t, normalLon(a.lon + (end.lon - a.lon) * t), 5);
        const span = spans.find((s) => s.from <= t && t <= s.to)!;
        if (span.cell === cell) continue;
        // Only within metres of a boundary may the walk and H3 disagree (tens near a pole).
        const metres = Math.min(
          ...spans
            .filter((s) => s.cell === cell)
            .flatMap((s) => [s.from, s.to])
            .map((u) => haversineKm(at(u), at(t)) * 1000),
        );
        expect(metres).toBeLessThan(100);
      }
    }
  });

  it('takes the short way across the antimeridian', () => {
    const spans = cellsAlong({ lat: 0, lon: 179.9 }, { lat: 0, lon: -179.9 }, 5);
    expect(spans.length).toBeLessThan(5);
  });

  it('reads a segment of no length as its one cell', () => {
    expect(cellsAlong({ lat: 30, lon: 67 }, { lat: 30, lon: 67 }, 5)).toEqual([
      { cell: latLngToCell(30, 67, 5), from: 0, to: 1 },
    ]);
  });
});
