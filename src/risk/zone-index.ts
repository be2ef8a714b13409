import type { LatLon } from './cell-walk.js';
import { coverAlong, coverContains, type ZoneCover } from './zone-cover.js';

/** A zone as the index holds it: its level and its coverage. */
export interface IndexedZone {
  id: string;
  level: number;
  cover: ZoneCover;
}

/** A stretch of a route and the highest level of the zones over it, or null where none is. */
export interface ZonePiece {
  from: number;
  to: number;
  level: number | null;
  zoneId: string | null;
}

/**
 * Zones by H3 cell, so that a point or a route stretch reads only the zones of its cell. Which
 * zones count (in force, not expired) is the caller's question, asked per query. Pure.
 */
export class ZoneIndex {
  private readonly zones = new Map<string, IndexedZone>();
  private readonly byCell = new Map<string, IndexedZone[]>();

  has(id: string): boolean {
    return this.zones.has(id);
  }

  get(id: string): IndexedZone | undefined {
    return this.zones.get(id);
  }

  ids(): string[] {
    return [...this.zones.keys()];
  }

  add(zone: IndexedZone): void {
    this.remove(zone.id);
    this.zones.set(zone.id, zone);
    for (const cell of [...zone.cover.whole, ...zone.cover.boundary.keys()]) {
      const list = this.byCell.get(cell);
      if (list) list.push(zone);
      else this.byCell.set(cell, [zone]);
    }
  }

  remove(id: string): void {
    const zone = this.zones.get(id);
    if (!zone) return;
    this.zones.delete(id);
    for (const cell of [...zone.cover.whole, ...zone.cover.boundary.keys()]) {
      const left = (this.byCell.get(cell) ?? []).filter((z) => z.id !== id);
      if (left.length > 0) this.byCell.set(cell, left);
      else this.byCell.delete(cell);
    }
  }

  /** The highest zone that counts over a point in `cell`, or null. */
  at(cell: string, point: LatLon, counts: (id: string) => boolean): IndexedZone | null {
    let best: IndexedZone | null = null;
    for (const zone of this.byCell.get(cell) ?? []) {
      if (!counts(zone.id) || (best && zone.level <= best.level)) continue;
      if (coverContains(zone.cover, cell, point)) best = zone;
    }
    return best;
  }

  /**
   * The stretch `from`–`to` of the segment a → b inside `cell`, cut where the zones that count
   * begin and end, each piece with the highest of them (null where none is).
   */
  along(cell: string, a: LatLon, b: LatLon, from: number, to: number, counts: (id: string) => boolean) {
    const zones = (this.byCell.get(cell) ?? []).filter((z) => counts(z.id));
    if (zones.length === 0) return [{ from, to, level: null, zoneId: null }] as ZonePiece[];
    const covered = zones.map((zone) => ({ zone, stretches: coverAlong(zone.cover, cell, a, b, from, to) }));
    const highestOver = (lo: number, hi: number): IndexedZone | null => {
      let best: IndexedZone | null = null;
      for (const { zone, stretches } of covered) {
        if (best && zone.level <= best.level) continue;
        const over = stretches.some((s) =>
          lo === hi ? s.from <= lo && lo <= s.to : s.from <= lo && hi <= s.to,
        );
        if (over) best = zone;
      }
      return best;
    };
    if (from === to) {
      const zone = highestOver(from, to);
      return [{ from, to, level: zone?.level ?? null, zoneId: zone?.id ?? null }];
    }
    const cuts = [
      ...new Set([from, to, ...covered.flatMap((c) => c.stretches.flatMap((s) => [s.from, s.to]))]),
    ].sort((p, q) => p - q);
    const pieces: ZonePiece[] = [];
    for (let k = 0; k < cuts.length - 1; k++) {
      const lo = cuts[k]!;
      const hi = cuts[k + 1]!;
      const zone = highestOver(lo, hi);
      const last = pieces.at(-1);
      if (last && last.zoneId === (zone?.id ?? null)) last.to = hi;
      else pieces.push({ from: lo, to: hi, level: zone?.level ?? null, zoneId: zone?.id ?? null });
    }
    return pieces;
  }
}
