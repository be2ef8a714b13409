import type { CheckpointToVerify, VerifyProblem } from './audit.verify.js';
import {
  type Checkpoint,
  checkSignature,
  type NoteSignature,
  parseCheckpointBody,
  parseNote,
  partyOfCosigner,
  type VerifierKey,
} from './note.js';

/** A checkpoint a party kept, parsed: its signed body and the signatures on it. */
export type KeptCopy = { source: string; body: string; checkpoint: Checkpoint; signatures: NoteSignature[] };

/** A kept note read as a checkpoint, or why it is not one. */
export function parseCopy(note: string): Omit<KeptCopy, 'source'> | { error: string } {
  try {
    const parsed = parseNote(note);
    return { ...parsed, checkpoint: parseCheckpointBody(parsed.body) };
  } catch (error) {
    return { error: `is not a checkpoint note: ${(error as Error).message}` };
  }
}

/** What verify knows of the log once it has walked it. */
export interface WalkedLog {
  origin: string | null;
  /** Entries that verified, in order from the first. */
  length: number;
  chainBroken: boolean;
  rootAt(size: number): string | undefined;
  checkpoints: readonly CheckpointToVerify[];
  keys: ReadonlyMap<string, VerifierKey>;
}

/**
 * Each party's kept checkpoints against the log: genuine (signed by a trusted key), of this log
 * (same origin), within its length, with the root the log recomputes, and still stored with
 * its signatures. What catches a log rewritten and re-signed by whoever holds the server's key.
 */
export function witnessedCopyProblems(copies: readonly KeptCopy[], log: WalkedLog): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const bySize = new Map(log.checkpoints.map((c) => [c.treeSize, c]));
  for (const copy of [...copies].sort((a, b) => a.checkpoint.treeSize - b.checkpoint.treeSize)) {
    const { treeSize, rootHash, origin } = copy.checkpoint;
    const label = `checkpoint of ${treeSize} entries witnessed in ${copy.source}`;
    const at = treeSize - 1;
    const genuine: string[] = [];
    for (const sig of copy.signatures) {
      const party = partyOfCosigner(sig.name);
      const key = party === null ? undefined : log.keys.get(party);
      if (!key) continue;
      const check = checkSignature(copy.body, sig, key);
      if (check.status === 'valid') genuine.push(party!);
      else if (check.status === 'invalid') {
        problems.push({
          seq: at,
          message: `${label}: the signature of party ${party} does not verify`,
        });
      }
    }
    if (genuine.length === 0) {
      problems.push({ seq: at, message: `${label} carries no valid signature of a trusted party` });
      continue;
    }
    const by = `by ${genuine.sort().join(' and ')}`;
    if (log.origin !== null && origin !== log.origin) {
      problems.push({
        seq: at,
        message: `${label} is of log ${origin}, signed ${by}; this log is ${log.origin}: it was rebuilt`,
      });
      continue;
    }
    if (treeSize > log.length) {
      if (!log.chainBroken) {
        problems.push({
          seq: log.length,
          message: `the log holds ${log.length} entries, but ${label} (signed ${by}) holds ${treeSize}: entries were removed`,
        });
      }
      continue;
    }
    const root = log.rootAt(treeSize);
    if (root !== rootHash) {
      problems.push({
        seq: at,
        message: `${label}: the log's root is ${root}, the root signed ${by} is ${rootHash}: the log was rewritten`,
      });
    }
    const stored = bySize.get(treeSize);
    if (!stored) {
      problems.push({ seq: at, message: `${label} (signed ${by}) is no longer stored` });
      continue;
    }
    if (stored.rootHash !== rootHash) {
      problems.push({
        seq: at,
        message: `${label}: the stored checkpoint's root is ${stored.rootHash}, the root signed ${by} is ${rootHash}`,
      });
    }
    for (const party of genuine) {
      if (!stored.signatures.some((s) => s.partyId === party)) {
        problems.push({
          seq: at,
          message: `${label}: the signature of party ${party} is no longer stored`,
        });
      }
    }
  }
  return problems;
}
