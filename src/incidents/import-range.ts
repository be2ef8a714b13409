import { randomUUID } from 'node:crypto';

/**
 * The ids of one import's incidents: one random UUID's first 24 characters, then a 12-digit hex
 * counter from 0. They stay UUIDs (version 4 and its variant are in the kept part), no other
 * import can draw the same prefix (74 random bits), and being contiguous they are named by
 * their first and last id: one audit entry covers the whole import, and verify can count the
 * stored rows between the two (every id has the same length and lower-case hex, so the range in
 * string order holds exactly the import's ids).
 */
export interface ImportRange {
  /** The id of the import's `n`th stored incident, from 0. */
  idAt(n: number): string;
}

/** A fresh range for one import. */
export function newImportRange(): ImportRange {
  const prefix = randomUUID().slice(0, 24);
  return { idAt: (n) => prefix + n.toString(16).padStart(12, '0') };
}
