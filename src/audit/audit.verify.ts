import { createPublicKey, verify } from 'node:crypto';
import { type AuditEntry, checkpointMessage, genesisHash, hashEntry, leafOf } from './audit.js';
import { MerkleAccumulator, verifyConsistency } from './merkle.js';
import { type KeptCopy, parseCopy, witnessedCopyProblems } from './witnessed.verify.js';
import {
  checkpointBody,
  checkSignature,
  cosignerName,
  logOrigin,
  type NoteSignature,
  parseSignatureLine,
  parseVerifierKey,
  verifierKey,
  type VerifierKey,
} from './note.js';

export interface VerifyProblem {
  seq: number | null;
  message: string;
}

/** A stored checkpoint, as verify needs it. */
export interface CheckpointToVerify {
  treeSize: number;
  rootHash: string;
  previousSize: number | null;
  consistencyProof: string[] | null;
  signatures: { partyId: string; format: 1 | 2; signature: string }[];
}

/** A checkpoint a party kept when it signed (`jsms audit sign --keep DIR`): a signed note. */
export interface WitnessedCopy {
  /** Where it came from, for messages: its file. */
  source: string;
  note: string;
}

export interface ChainVerifierOptions {
  checkpoints?: readonly CheckpointToVerify[];
  /** Each party's trusted public key (PEM), from the key directory, never from the database. */
  trustedKeys?: ReadonlyMap<string, string>;
  witnessed?: readonly WitnessedCopy[];
  /** Further sizes to compute roots at (`rootAt`). */
  sizes?: readonly number[];
}

const createdAction = 'audit_checkpoint.created';
const signedAction = 'audit_checkpoint.signed';

/**
 * Walks the log once, in order, and checks everything a copy of it can be checked against:
 * - the chain: each entry's hash, its link to the previous one, and the head row;
 * - each stored checkpoint: its root recomputed, its consistency proof, its signatures (format 1
 *   or 2) against the trusted keys, and at least one valid one;
 * - the log's own record of its checkpoints: every stored checkpoint and signature has its
 *   `audit_checkpoint.created` / `.signed` entry, and every such entry is still stored, so that
 *   deleting a checkpoint or a signature from the database is caught;
 * - each witnessed copy a party kept: genuine (signed by a trusted key), of this log (same
 *   origin), within its length, with the root the log recomputes, and still stored with its
 *   signatures — what catches a log rewritten and re-signed by whoever holds the server's key.
 * Pure: the caller streams entries in and supplies the rest; problems come sorted by entry.
 */
export class ChainVerifier {
  private expectedSeq = 0;
  private prevHash = genesisHash;
  private origin: string | null = null;
  private readonly merkle = new MerkleAccumulator();
  private readonly wanted = new Set<number>();
  private readonly roots = new Map<number, string>();
  private readonly created = new Map<number, number>();
  private readonly signed = new Map<string, number>();
  private readonly problems: VerifyProblem[] = [];
  private chainBroken = false;
  private readonly checkpoints: readonly CheckpointToVerify[];
  private readonly keys: Map<string, VerifierKey>;
  private readonly trustedPem: ReadonlyMap<string, string>;
  private readonly copies: KeptCopy[] = [];

  constructor(options: ChainVerifierOptions = {}) {
    this.checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.treeSize - b.treeSize);
    this.trustedPem = options.trustedKeys ?? new Map();
    this.keys = new Map(
      [...this.trustedPem].map(([party, pem]) => [
        party,
        parseVerifierKey(verifierKey(cosignerName(party), pem)),
      ]),
    );
    for (const c of this.checkpoints) {
      this.wanted.add(c.treeSize);
      if (c.previousSize !== null) this.wanted.add(c.previousSize);
    }
    for (const size of options.sizes ?? []) this.wanted.add(size);
    for (const copy of options.witnessed ?? []) {
      const parsed = parseCopy(copy.note);
      if ('error' in parsed) {
        this.problems.push({ seq: null, message: `witnessed copy ${copy.source} ${parsed.error}` });
      } else {
        this.copies.push({ source: copy.source, ...parsed });
        this.wanted.add(parsed.checkpoint.treeSize);
      }
    }
    if (this.wanted.has(0)) this.roots.set(0, this.merkle.root().toString('hex'));
  }

  /** Feeds the next stored entry, in sequence order. Returns false once the chain is broken. */
  add(entry: AuditEntry): boolean {
    if (this.chainBroken) return false;
    if (entry.seq !== this.expectedSeq) {
      const message =
        entry.seq > this.expectedSeq
          ? `entry ${this.expectedSeq} is missing (next stored entry is ${entry.seq})`
          : `entry ${entry.seq} is out of order (expected ${this.expectedSeq})`;
      return this.breakAt(this.expectedSeq, message);
    }
    if (entry.prevHash !== this.prevHash) {
      return this.breakAt(entry.seq, `entry ${entry.seq} does not link to entry ${entry.seq - 1}`);
    }
    if (hashEntry(entry) !== entry.hash) {
      return this.breakAt(entry.seq, `entry ${entry.seq} was altered: its content does not match its hash`);
    }
    if (entry.seq === 0) this.origin = logOrigin(entry.hash);
    if (entry.entityType === 'audit_checkpoint' && entry.entityId !== null) {
      const size = Number(entry.entityId);
      if (entry.action === createdAction) this.created.set(size, entry.seq);
      if (entry.action === signedAction) this.signed.set(`${size}:${entry.partyId ?? ''}`, entry.seq);
    }
    this.merkle.push(leafOf(entry));
    this.prevHash = entry.hash;
    this.expectedSeq += 1;
    if (this.wanted.has(this.merkle.size)) {
      this.roots.set(this.merkle.size, this.merkle.root().toString('hex'));
    }
    return true;
  }

  /** Whether every entry, and the end of the log against its head, verified so far. */
  get isChainWhole(): boolean {
    return !this.chainBroken;
  }

  /** Entries that verified. */
  get verified(): number {
    return this.expectedSeq;
  }

  /** The root over the first `size` entries, if they verified and `size` was asked for. */
  rootAt(size: number): string | undefined {
    return this.roots.get(size);
  }

  /** The problems found while streaming, before `finish`. */
  get chainProblems(): readonly VerifyProblem[] {
    return this.problems;
  }

  /** Checks the end of the log against the head row, then the checkpoints and the witnessed copies. */
  finish(head: { nextSeq: number; lastHash: string }): VerifyProblem[] {
    if (!this.chainBroken && head.nextSeq !== this.expectedSeq) {
      this.breakAt(
        this.expectedSeq,
        `the log ends at entry ${this.expectedSeq - 1} but its head says ${head.nextSeq - 1}`,
      );
    } else if (!this.chainBroken && head.lastHash !== this.prevHash) {
      this.breakAt(this.expectedSeq - 1, `the last entry ${this.expectedSeq - 1} does not match the head`);
    }
    this.checkCheckpoints();
    if (!this.chainBroken) this.checkRecords();
    this.checkCopies();
    return this.problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.seq ?? Infinity) - (b.p.seq ?? Infinity) || a.i - b.i)
      .map(({ p }) => p);
  }

  private checkCheckpoints(): void {
    const bySize = new Map(this.checkpoints.map((c) => [c.treeSize, c]));
    let reportedRemoval = false;
    for (const checkpoint of this.checkpoints) {
      const { treeSize } = checkpoint;
      const at = treeSize - 1;
      const label = `checkpoint of ${treeSize} entries`;
      if (treeSize > this.expectedSeq) {
        if (!this.chainBroken && !reportedRemoval) {
          this.problems.push({
            seq: this.expectedSeq,
            message: `${label}, but only ${this.expectedSeq} verify: entries were removed`,
          });
          reportedRemoval = true;
        }
        continue;
      }
      const root = this.roots.get(treeSize);
      if (root !== checkpoint.rootHash) {
        this.problems.push({
          seq: at,
          message: `${label}: the log's root is ${root}, the signed root is ${checkpoint.rootHash}`,
        });
      }
      if (checkpoint.previousSize !== null && checkpoint.consistencyProof !== null) {
        const previous = bySize.get(checkpoint.previousSize);
        const proof = checkpoint.consistencyProof.map((h) => Buffer.from(h, 'hex'));
        const previousRoot = previous?.rootHash ?? this.roots.get(checkpoint.previousSize);
        if (
          previousRoot === undefined ||
          !verifyConsistency(
            checkpoint.previousSize,
            treeSize,
            Buffer.from(previousRoot, 'hex'),
            Buffer.from(checkpoint.rootHash, 'hex'),
            proof,
          )
        ) {
          this.problems.push({
            seq: at,
            message: `${label}: its consistency proof from ${checkpoint.previousSize} entries does not verify`,
          });
        }
      }
      this.checkSignatures(checkpoint, label);
    }
  }

  private checkSignatures(checkpoint: CheckpointToVerify, label: string): void {
    const at = checkpoint.treeSize - 1;
    const body =
      this.origin === null
        ? null
        : checkpointBody({
            origin: this.origin,
            treeSize: checkpoint.treeSize,
            rootHash: checkpoint.rootHash,
          });
    let valid = 0;
    for (const sig of checkpoint.signatures) {
      const pem = this.trustedPem.get(sig.partyId);
      if (pem === undefined) {
        this.problems.push({
          seq: at,
          message: `${label}: no trusted public key for party ${sig.partyId} in the key directory`,
        });
        continue;
      }
      const ok =
        sig.format === 1
          ? verifyLegacy(checkpointMessage(checkpoint.treeSize, checkpoint.rootHash), pem, sig.signature)
          : body !== null && this.verifyStoredCosignature(body, sig.partyId, sig.signature);
      if (ok) valid += 1;
      else {
        this.problems.push({
          seq: at,
          message: `${label}: the signature of party ${sig.partyId} does not verify`,
        });
      }
    }
    // A signature protects only if its absence is noticed: with trusted keys at hand, every
    // checkpoint needs one (not every party's: one awaiting a co-signature is normal).
    if (this.trustedPem.size > 0 && valid === 0) {
      this.problems.push({ seq: at, message: `${label} carries no valid signature` });
    }
  }

  private verifyStoredCosignature(body: string, partyId: string, signature: string): boolean {
    const key = this.keys.get(partyId)!;
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.length < 5) return false;
    const line: NoteSignature = {
      name: cosignerName(partyId),
      keyId: bytes.subarray(0, 4).toString('hex'),
      signature: bytes.subarray(4),
    };
    return key.type === 4 && checkSignature(body, line, key).status === 'valid';
  }

  /** Checkpoints and signatures against the log's own entries about them, both ways. */
  private checkRecords(): void {
    const stored = new Set(this.checkpoints.map((c) => c.treeSize));
    for (const checkpoint of this.checkpoints) {
      if (!this.created.has(checkpoint.treeSize)) {
        this.problems.push({
          seq: checkpoint.treeSize - 1,
          message: `checkpoint of ${checkpoint.treeSize} entries has no ${createdAction} entry in the log`,
        });
      }
      for (const sig of checkpoint.signatures) {
        if (!this.signed.has(`${checkpoint.treeSize}:${sig.partyId}`)) {
          this.problems.push({
            seq: checkpoint.treeSize - 1,
            message: `the signature of party ${sig.partyId} on checkpoint of ${checkpoint.treeSize} entries has no ${signedAction} entry in the log`,
          });
        }
      }
    }
    for (const [size, seq] of this.created) {
      if (!stored.has(size)) {
        this.problems.push({
          seq,
          message: `entry ${seq} records a checkpoint of ${size} entries that is no longer stored`,
        });
      }
    }
    const signatures = new Set(
      this.checkpoints.flatMap((c) => c.signatures.map((s) => `${c.treeSize}:${s.partyId}`)),
    );
    for (const [key, seq] of this.signed) {
      if (!signatures.has(key)) {
        const [size, party] = key.split(':');
        this.problems.push({
          seq,
          message: `entry ${seq} records the signature of party ${party} on checkpoint of ${size} entries, which is no longer stored`,
        });
      }
    }
  }

  /** Each party's kept checkpoints against this log. */
  private checkCopies(): void {
    this.problems.push(
      ...witnessedCopyProblems(this.copies, {
        origin: this.origin,
        length: this.expectedSeq,
        chainBroken: this.chainBroken,
        rootAt: (size) => this.roots.get(size),
        checkpoints: this.checkpoints,
        keys: this.keys,
      }),
    );
  }

  private breakAt(seq: number, message: string): false {
    this.problems.push({ seq, message });
    this.chainBroken = true;
    return false;
  }
}

/** A format-1 signature: Ed25519 over jsms-audit-checkpoint/v1 with a PEM key. */
function verifyLegacy(message: Buffer, publicKeyPem: string, signature: string): boolean {
  try {
    return verify(null, message, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A stored format-2 signature as its note signature line, for the checkpoint's note. */
export function storedSignatureLine(partyId: string, signature: string): NoteSignature {
  return parseSignatureLine(`— ${cosignerName(partyId)} ${signature}`);
}
