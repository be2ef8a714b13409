import { createHash } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';
import { MerkleAccumulator } from './merkle.js';

/** The hash before the first entry. */
export const genesisHash = '0'.repeat(64);

/** One link of the append-only log. It names what changed, never the personal data itself. */
export interface AuditEntry {
  seq: number;
  at: string;
  actorType: 'user' | 'device' | 'system' | 'anonymous';
  actorId: string | null;
  partyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  fields: string[];
  /** Short named values the entry states, such as a clearance's reason and reference; never personal data. */
  details?: AuditDetails;
  prevHash: string;
  hash: string;
}

export type AuditDetails = Record<string, string>;

export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

/**
 * SHA-256 over the RFC 8785 canonical JSON of every field but the hash itself. `details` is hashed
 * only when present, so entries without any keep the hash they were written with.
 */
export function hashEntry(entry: UnhashedEntry): string {
  const { seq, at, actorType, actorId, partyId, action, entityType, entityId, fields, prevHash } = entry;
  const body = {
    seq,
    at,
    actorType,
    actorId,
    partyId,
    action,
    entityType,
    entityId,
    fields,
    ...(entry.details ? { details: entry.details } : {}),
    prevHash,
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** The Merkle leaf of an entry: its hash, as bytes. */
export function leafOf(entry: Pick<AuditEntry, 'hash'>): Buffer {
  return Buffer.from(entry.hash, 'hex');
}

/** What a party signs for a checkpoint: a short text that names the log, the size and the root. */
export function checkpointMessage(treeSize: number, rootHash: string): Buffer {
  return Buffer.from(`jsms-audit-checkpoint/v1\n${treeSize}\n${rootHash}\n`, 'utf8');
}

export interface CheckpointToVerify {
  treeSize: number;
  rootHash: string;
  /** `publicKeyPem` is the party's trusted key (from the key directory), or null when there is none. */
  signatures: { partyId: string; publicKeyPem: string | null; signature: string }[];
}

export interface VerifyProblem {
  seq: number | null;
  message: string;
}

/**
 * Walks the log once, in order, and reports the first broken link plus every checkpoint that
 * does not match. Pure: the caller streams entries in and supplies the head and checkpoints.
 */
export class ChainVerifier {
  private expectedSeq = 0;
  private prevHash = genesisHash;
  private readonly merkle = new MerkleAccumulator();
  private readonly roots = new Map<number, string>();
  readonly problems: VerifyProblem[] = [];

  constructor(private readonly checkpointSizes: ReadonlySet<number>) {
    if (checkpointSizes.has(0)) this.roots.set(0, this.merkle.root().toString('hex'));
  }

  /** Feeds the next stored entry, in sequence order. Returns false once the chain is broken. */
  add(entry: AuditEntry): boolean {
    if (this.problems.length > 0) return false;
    if (entry.seq !== this.expectedSeq) {
      const message =
        entry.seq > this.expectedSeq
          ? `entry ${this.expectedSeq} is missing (next stored entry is ${entry.seq})`
          : `entry ${entry.seq} is out of order (expected ${this.expectedSeq})`;
      return this.fail(this.expectedSeq, message);
    }
    if (entry.prevHash !== this.prevHash) {
      return this.fail(entry.seq, `entry ${entry.seq} does not link to entry ${entry.seq - 1}`);
    }
    if (hashEntry(entry) !== entry.hash) {
      return this.fail(entry.seq, `entry ${entry.seq} was altered: its content does not match its hash`);
    }
    this.merkle.push(leafOf(entry));
    this.prevHash = entry.hash;
    this.expectedSeq += 1;
    if (this.checkpointSizes.has(this.merkle.size)) {
      this.roots.set(this.merkle.size, this.merkle.root().toString('hex'));
    }
    return true;
  }

  /** Checks the end of the log against the head row and the signed checkpoints. */
  finish(
    head: { nextSeq: number; lastHash: string },
    checkpoints: readonly CheckpointToVerify[],
    verifySignature: (message: Buffer, publicKeyPem: string, signature: string) => boolean,
    trustedParties: readonly string[] = [],
  ): VerifyProblem[] {
    if (this.problems.length === 0 && head.nextSeq !== this.expectedSeq) {
      this.fail(
        this.expectedSeq,
        `the log ends at entry ${this.expectedSeq - 1} but its head says ${head.nextSeq - 1}`,
      );
    } else if (this.problems.length === 0 && head.lastHash !== this.prevHash) {
      this.fail(this.expectedSeq - 1, `the last entry ${this.expectedSeq - 1} does not match the head`);
    }
    // In log order, whatever order the caller read them in, so the first problem is the earliest.
    const ordered = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
    for (const checkpoint of ordered) {
      const root = this.roots.get(checkpoint.treeSize);
      if (checkpoint.treeSize > this.expectedSeq) {
        if (this.problems.length === 0) {
          this.fail(
            this.expectedSeq,
            `checkpoint of ${checkpoint.treeSize} entries, but only ${this.expectedSeq} verify: entries were removed`,
          );
        }
        continue;
      }
      if (root !== checkpoint.rootHash) {
        this.problems.push({
          seq: checkpoint.treeSize - 1,
          message: `checkpoint of ${checkpoint.treeSize} entries: the log's root is ${root}, the signed root is ${checkpoint.rootHash}`,
        });
      }
      const message = checkpointMessage(checkpoint.treeSize, checkpoint.rootHash);
      const validSigners = new Set<string>();
      for (const sig of checkpoint.signatures) {
        if (sig.publicKeyPem === null) {
          this.problems.push({
            seq: checkpoint.treeSize - 1,
            message: `checkpoint of ${checkpoint.treeSize} entries: no trusted public key for party ${sig.partyId} in the key directory`,
          });
        } else if (verifySignature(message, sig.publicKeyPem, sig.signature)) {
          validSigners.add(sig.partyId);
        } else {
          this.problems.push({
            seq: checkpoint.treeSize - 1,
            message: `checkpoint of ${checkpoint.treeSize} entries: the signature of party ${sig.partyId} does not verify`,
          });
        }
      }
      // A signature only protects if its absence is noticed: with trusted keys at hand, every
      // checkpoint needs one. (Not every party's: a checkpoint awaiting the other party's
      // co-signature is the normal course, not tampering.)
      if (trustedParties.length > 0 && validSigners.size === 0) {
        this.problems.push({
          seq: checkpoint.treeSize - 1,
          message: `checkpoint of ${checkpoint.treeSize} entries carries no valid signature`,
        });
      }
    }
    return this.problems;
  }

  /** Entries that verified. */
  get verified(): number {
    return this.expectedSeq;
  }

  private fail(seq: number, message: string): false {
    this.problems.push({ seq, message });
    return false;
  }
}
