import { gridDisk, gridDiskDistances, gridDistance, latLngToCell } from 'h3-js';

/**
 * Risk levels on the UN Security Level System scale (1 minimal … 6 extreme), scored on an H3 grid
 * from recent incidents: each incident adds its severity to its cell and, halved per ring, to
 * the cells around it; every contribution halves with each half-life of age. Pure: `now` and the
 * parameters are arguments.
 */

export interface RiskParameters {
  /** H3 resolution of the grid (5: cells of about 10 km edge). */
  resolution: number;
  /** Days after which an incident's weight has halved. */
  halfLifeDays: number;
  /** How many rings of neighbours an incident reaches; each ring takes half the weight of the one inside. */
  rings: number;
  /** Severity: a base per incident plus per person killed, wounded or kidnapped. */
  severity: { base: number; killed: number; wounded: number; kidnapped: number; foreignTargetFactor: number };
  /**
   * The lowest score of levels 2 to 6, calibrated on the UCDP GED Pakistan file (see the risk
   * section of docs/ARCHITECTURE.md): one fresh incident with three killed scores 10, or 20 against
   * foreign nationals, so it alone makes an area moderate or substantial, never high.
   */
  thresholds: [number, number, number, number, number];
  /** Incidents older than this are not loaded: their weight has decayed below notice. */
  lookbackDays: number;
}

export const defaultRiskParameters: RiskParameters = {
  resolution: 5,
  halfLifeDays: 90,
  rings: 2,
  severity: { base: 1, killed: 3, wounded: 1, kidnapped: 2, foreignTargetFactor: 2 },
  thresholds: [1, 5, 20, 60, 200],
  lookbackDays: 730,
};

export interface ScoredIncident {
  id: string;
  lat: number;
  lon: number;
  date: string;
  killed: number;
  wounded: number;
  kidnapped: number;
  targetsForeigners: boolean;
}

/**
 * Whether an incident's place says where it happened: one placed only at a province's or the
 * country's centroid (UCDP's where_prec 4–7) says nothing about the cell it would land in.
 */
export function isPlacedForRisk(geoPrecision: string | null): boolean {
  return geoPrecision !== 'province' && geoPrecision !== 'country';
}

const dayMs = 86_400_000;

/** An incident's weight before decay. */
export function severityOf(incident: ScoredIncident, p: RiskParameters): number {
  const s = p.severity;
  const raw =
    s.base + s.killed * incident.killed + s.wounded * incident.wounded + s.kidnapped * incident.kidnapped;
  return incident.targetsForeigners ? raw * s.foreignTargetFactor : raw;
}

/** The level of a score. */
export function levelOf(score: number, p: RiskParameters): number {
  let level = 1;
  for (const threshold of p.thresholds) if (score >= threshold) level += 1;
  return level;
}

/**
 * Per-cell accumulators of Σ weight·2^(t/halfLife), so that decay needs no rescan: the score at
 * `now` is the accumulator times 2^(-now/halfLife). Adding or removing an incident touches only
 * the cells within its rings.
 */
export class RiskGrid {
  private readonly accumulators = new Map<string, number>();
  private readonly contributions = new Map<string, { cells: string[]; amounts: number[] }>();

  constructor(readonly parameters: RiskParameters = defaultRiskParameters) {}

  private exponent(time: number): number {
    return time / dayMs / this.parameters.halfLifeDays;
  }

  /** Adds an incident (or replaces its earlier contribution). */
  add(incident: ScoredIncident): void {
    this.remove(incident.id);
    const p = this.parameters;
    const centre = latLngToCell(incident.lat, incident.lon, p.resolution);
    const weight = severityOf(incident, p) * 2 ** this.exponent(Date.parse(incident.date));
    const cells = gridDisk(centre, p.rings);
    const amounts = cells.map((cell) => weight * 0.5 ** gridDistance(centre, cell));
    cells.forEach((cell, i) => this.accumulators.set(cell, (this.accumulators.get(cell) ?? 0) + amounts[i]!));
    this.contributions.set(incident.id, { cells, amounts });
  }

  remove(id: string): void {
    const previous = this.contributions.get(id);
    if (!previous) return;
    previous.cells.forEach((cell, i) => {
      const left = (this.accumulators.get(cell) ?? 0) - previous.amounts[i]!;
      if (left <= 1e-9 * previous.amounts[i]!) this.accumulators.delete(cell);
      else this.accumulators.set(cell, left);
    });
    this.contributions.delete(id);
  }

  get size(): number {
    return this.contributions.size;
  }

  /** The cells an incident's contribution reaches (none when the grid does not hold it). */
  cellsOf(id: string): readonly string[] {
    return this.contributions.get(id)?.cells ?? [];
  }

  /** The score of a cell at `now`. */
  scoreOf(cell: string, now: Date): number {
    const accumulated = this.accumulators.get(cell);
    return accumulated === undefined ? 0 : accumulated * 2 ** -this.exponent(now.getTime());
  }

  /** The scores of cells at `now`, the decay computed once: for reading many cells at one time. */
  scoresAt(now: Date): (cell: string) => number {
    const factor = 2 ** -this.exponent(now.getTime());
    return (cell) => (this.accumulators.get(cell) ?? 0) * factor;
  }

  cellAt(lat: number, lon: number): string {
    return latLngToCell(lat, lon, this.parameters.resolution);
  }

  /** Every cell with a score of at least `minScore`, for the map. */
  cells(now: Date, minScore: number): { cell: string; score: number }[] {
    const factor = 2 ** -this.exponent(now.getTime());
    const out: { cell: string; score: number }[] = [];
    for (const [cell, accumulated] of this.accumulators) {
      const score = accumulated * factor;
      if (score >= minScore) out.push({ cell, score });
    }
    return out;
  }
}

/**
 * The time an `at=` asks for: a date alone stands for its end (UTC), so its incidents count, or
 * for now if it is today. Null when it is later than now.
 */
export function timeAsked(at: string, now: Date): Date | null {
  if (at.length !== 10) return Date.parse(at) > now.getTime() ? null : new Date(at);
  if (at > now.toISOString().slice(0, 10)) return null;
  return new Date(Math.min(Date.parse(`${at}T23:59:59.999Z`), now.getTime()));
}

/** What one incident adds to the score of a cell at a time. */
export interface Contribution {
  id: string;
  date: string;
  /** From the point asked about to the incident. */
  distanceKm: number;
  /** H3 rings between the incident's cell and the cell asked about: each halves the weight. */
  rings: number;
  /** Severity, decayed to the time asked about and halved per ring. */
  weight: number;
}

/**
 * The incidents behind the score of the cell at `point` at `at`, heaviest first: the same sum
 * the grid keeps, taken incident by incident (those dated after `at`, before the lookback or out
 * of reach add nothing). Pure.
 */
export function contributionsAt(
  point: { lat: number; lon: number },
  incidents: readonly ScoredIncident[],
  at: Date,
  p: RiskParameters,
): { score: number; contributions: Contribution[] } {
  const ringOf = new Map<string, number>();
  gridDiskDistances(latLngToCell(point.lat, point.lon, p.resolution), p.rings).forEach((cells, ring) =>
    cells.forEach((c) => ringOf.set(c, ring)),
  );
  // From the first whole day of the lookback, as the grid reads incidents (by date) when it loads.
  const oldest = Date.parse(new Date(at.getTime() - p.lookbackDays * dayMs).toISOString().slice(0, 10));
  const contributions: Contribution[] = [];
  let score = 0;
  for (const incident of incidents) {
    const time = Date.parse(incident.date);
    if (time > at.getTime() || time < oldest) continue;
    const rings = ringOf.get(latLngToCell(incident.lat, incident.lon, p.resolution));
    if (rings === undefined) continue;
    const weight =
      severityOf(incident, p) * 2 ** -((at.getTime() - time) / dayMs / p.halfLifeDays) * 0.5 ** rings;
    score += weight;
    contributions.push({
      id: incident.id,
      date: incident.date,
      distanceKm: haversineKm(point, incident),
      rings,
      weight,
    });
  }
  contributions.sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
  return { score, contributions };
}

/** Great-circle distance in kilometres. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
