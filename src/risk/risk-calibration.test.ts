import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { needsShared } from '../../test/helpers/shared.js';
import { parseIncidentFile } from '../incidents/import/parse.js';
import { cellsPerLevel, regionOf } from './calibration.js';
import {
  defaultRiskParameters as p,
  isPlacedForRisk,
  levelOf,
  RiskGrid,
  type ScoredIncident,
} from './risk.js';

// See ../shared/data/README.md.
const ucdp = needsShared('data/incidents/UCDP_GED_Pakistan_1989-2019.csv');

const quetta = { lat: 30.1798, lon: 66.975 };

/** The level of its own cell that one fresh incident gives alone. */
function levelAlone(incident: Omit<ScoredIncident, 'id' | 'date' | 'lat' | 'lon'>): number {
  const grid = new RiskGrid(p);
  grid.add({ id: 'one', date: '2026-11-01', ...quetta, ...incident });
  return levelOf(grid.scoreOf(grid.cellAt(quetta.lat, quetta.lon), new Date('2026-11-01')), p);
}

describe('the calibrated thresholds', () => {
  const threeKilled = { killed: 3, wounded: 0, kidnapped: 0, targetsForeigners: false };

  it('do not let one incident with three killed make an area high, even with wounded or against foreigners', () => {
    expect(levelAlone(threeKilled)).toBe(3);
    expect(levelAlone({ ...threeKilled, wounded: 10 })).toBe(4);
    expect(levelAlone({ ...threeKilled, targetsForeigners: true })).toBe(4);
    // The positive control: a mass-casualty attack alone is high.
    expect(levelAlone({ ...threeKilled, killed: 20, wounded: 30 })).toBe(5);
  });

  it('leave a place with no incident minimal and one with a minor incident low', () => {
    expect(levelAlone({ ...threeKilled, killed: 0 })).toBe(2);
    expect(levelOf(0, p)).toBe(1);
  });
});

/**
 * The figures of the risk section of docs/ARCHITECTURE.md: the cells of the region the UCDP
 * events reach at each level at the end of a violent year (2009) and a quieter one (2019).
 */
describe.skipIf(ucdp.missing)('the thresholds on the real UCDP GED Pakistan file', () => {
  const incidents: ScoredIncident[] = ucdp.missing
    ? []
    : parseIncidentFile(readFileSync(ucdp.path), 'ucdp')
        .rows.map((r) => r.incident)
        .filter((i) => i.lat != null && i.lon != null && isPlacedForRisk(i.geoPrecision ?? null))
        .map((i, n) => ({
          id: String(n),
          lat: i.lat!,
          lon: i.lon!,
          date: i.date,
          killed: i.killed.best ?? 0,
          wounded: i.wounded.best ?? 0,
          kidnapped: i.kidnapped ?? 0,
          targetsForeigners: i.target === 'foreign_nationals',
        }));
  const region = regionOf(incidents, p);

  it('places the events that are not only at a province or the country: the region they reach', () => {
    expect(incidents).toHaveLength(5834 - 181 - 7);
    expect(region.size).toBe(2214);
  });

  it('at the end of 2009 (violent), one cell in eight is substantial or worse, one in thirteen high or extreme', () => {
    const counts = cellsPerLevel(incidents, region, new Date('2009-12-31T23:59:59Z'), p);
    expect(counts).toEqual([1644, 170, 114, 115, 80, 91]);
  });

  it('at the end of 2019 (quieter), nothing is high and almost nothing substantial', () => {
    const counts = cellsPerLevel(incidents, region, new Date('2019-12-31T23:59:59Z'), p);
    expect(counts).toEqual([1889, 237, 85, 3, 0, 0]);
  });
});
