import type { components } from '../api/schema.js';
import { checkConsistency } from './merkle.js';

export type Checkpoint = components['schemas']['AuditCheckpoint'];

/**
 * What the viewer can tell of a checkpoint: `inconsistent` when its consistency proof does not show
 * it extends the previous checkpoint, `unsigned` while some party has not cosigned its root, and
 * `verified` when both hold. The server checked each signature when it stored it.
 */
export type CheckpointStatus = 'verified' | 'unsigned' | 'inconsistent';

/** The status of `checkpoint`, given the previous one (null for the first) and every party's id. */
export async function checkpointStatus(
  checkpoint: Checkpoint,
  previous: Checkpoint | null,
  partyIds: readonly string[],
): Promise<CheckpointStatus> {
  if (checkpoint.previousSize !== null) {
    const consistent =
      previous !== null &&
      previous.treeSize === checkpoint.previousSize &&
      (await checkConsistency(
        previous.treeSize,
        checkpoint.treeSize,
        previous.rootHash,
        checkpoint.rootHash,
        checkpoint.consistency ?? [],
      ));
    if (!consistent) return 'inconsistent';
  }
  const signed = new Set(checkpoint.signatures.map((s) => s.partyId));
  return partyIds.every((id) => signed.has(id)) ? 'verified' : 'unsigned';
}
