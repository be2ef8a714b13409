import { gridDisk, latLngToCell } from 'h3-js';
import { levelOf, RiskGrid, type RiskParameters, type ScoredIncident } from './risk.js';

/**
 * How the thresholds split a region into levels, for calibrating them on a real dataset. Pure:
 * the incidents, the time and the parameters are arguments.
 */

/** Every cell any of the incidents reaches: the region a dataset speaks about. */
export function regionOf(incidents: readonly ScoredIncident[], p: RiskParameters): Set<string> {
  const cells = new Set<string>();
  for (const incident of incidents)
    for (const cell of gridDisk(latLngToCell(incident.lat, incident.lon, p.resolution), p.rings))
      cells.add(cell);
  return cells;
}

/**
 * The cells of `region` at each level (index 0 is level 1) at `at`, scored from the incidents
 * dated within the lookback before it, as the service's grid would score them.
 */
export function cellsPerLevel(
  incidents: readonly ScoredIncident[],
  region: ReadonlySet<string>,
  at: Date,
  p: RiskParameters,
): number[] {
  const grid = new RiskGrid(p);
  const oldest = at.getTime() - p.lookbackDays * 86_400_000;
  for (const incident of incidents) {
    const time = Date.parse(incident.date);
    if (time <= at.getTime() && time >= oldest) grid.add(incident);
  }
  const counts = [0, 0, 0, 0, 0, 0];
  for (const cell of region) counts[levelOf(grid.scoreOf(cell, at), p) - 1]! += 1;
  return counts;
}
