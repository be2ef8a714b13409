import { assessPieceLevels, type RouteAssessment, type RouteWalk } from '../risk/route.js';

/**
 * The open movements' routes, kept walked: for each movement the pieces of its corridor and the
 * cells each reads, and for each cell the movements that read it. After the risk picture changes
 * in some cells (`risk.changed`, cause `incidents`), the movements touching them are found by
 * cell and their levels recomputed from the cells' levels, without walking a route again: the
 * work is the pieces of the movements touched, not the kilometres or the waypoints. A zone's
 * change (cause `zone`) cuts stretches differently: those movements are walked again (`set`).
 * Pure, in memory; the movement service keeps it in step with its open movements.
 */
export class ReassessmentIndex {
  private readonly walks = new Map<string, RouteWalk>();
  private readonly cellsOf = new Map<string, Set<string>>();
  /** Each movement's cells in order, and each piece's cells as positions in that list. */
  private readonly slotsOf = new Map<string, { cells: string[]; slots: Uint16Array[] }>();
  private readonly byCell = new Map<string, Set<string>>();

  /** Keeps (or replaces) a movement's walked route. */
  set(movementId: string, walk: RouteWalk): void {
    this.remove(movementId);
    const cells = new Set<string>();
    for (const piece of walk.pieces) for (const cell of piece.cells) cells.add(cell);
    const order = [...cells];
    const slotOf = new Map(order.map((cell, slot) => [cell, slot]));
    this.walks.set(movementId, walk);
    this.cellsOf.set(movementId, cells);
    this.slotsOf.set(movementId, {
      cells: order,
      slots: walk.pieces.map((piece) => Uint16Array.from(piece.cells, (cell) => slotOf.get(cell)!)),
    });
    for (const cell of cells) {
      const movements = this.byCell.get(cell);
      if (movements) movements.add(movementId);
      else this.byCell.set(cell, new Set([movementId]));
    }
  }

  /** Forgets a movement: closed, under way, or its route changed. */
  remove(movementId: string): void {
    const cells = this.cellsOf.get(movementId);
    if (!cells) return;
    for (const cell of cells) {
      const movements = this.byCell.get(cell)!;
      movements.delete(movementId);
      if (movements.size === 0) this.byCell.delete(cell);
    }
    this.walks.delete(movementId);
    this.cellsOf.delete(movementId);
    this.slotsOf.delete(movementId);
  }

  has(movementId: string): boolean {
    return this.walks.has(movementId);
  }

  /** The movements kept. */
  ids(): string[] {
    return [...this.walks.keys()];
  }

  get size(): number {
    return this.walks.size;
  }

  /** The movements whose corridor reads any of `cells`, each once. */
  affectedBy(cells: Iterable<string>): string[] {
    const found = new Set<string>();
    for (const cell of cells) for (const id of this.byCell.get(cell) ?? []) found.add(id);
    return [...found];
  }

  /** The kilometres of a movement's route that read each cell (a stretch reads several in a corridor). */
  kmByCell(movementId: string): Map<string, number> {
    const km = new Map<string, number>();
    for (const piece of this.walks.get(movementId)?.pieces ?? [])
      for (const cell of piece.cells) km.set(cell, (km.get(cell) ?? 0) + piece.km);
    return km;
  }

  /**
   * A movement's route assessed again from the cells' levels now (`computedLevel`, e.g. the risk
   * service's `levelsAt` its departure), as a fresh walk of it would: null if not kept.
   */
  reassess(movementId: string, computedLevel: (cell: string) => number): RouteAssessment | null {
    const walk = this.walks.get(movementId);
    if (!walk) return null;
    // A corridor's pieces read each of its cells several times: each cell's level is read once.
    const { cells, slots } = this.slotsOf.get(movementId)!;
    const levels = cells.map(computedLevel);
    return assessPieceLevels(walk, (_, index) => {
      let level = 0;
      for (const slot of slots[index]!) level = Math.max(level, levels[slot]!);
      return level;
    });
  }
}
