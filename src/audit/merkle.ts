import { createHash } from 'node:crypto';

/**
 * Merkle tree hashing of RFC 9162 (Certificate Transparency 2.0), section 2.1: leaves are
 * SHA-256(0x00 || data), interior nodes SHA-256(0x01 || left || right), and a tree of n leaves
 * splits at the largest power of two below n.
 */
export function leafHash(data: Buffer): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** SHA-256 of the empty string: the root of a tree with no leaves. */
export const emptyRoot = createHash('sha256').digest();

/** Largest power of two strictly less than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Builds roots leaf by leaf, keeping only the roots of the perfect subtrees so far: memory is
 * O(log n), so a verifier can stream millions of entries.
 */
export class MerkleAccumulator {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the next leaf (its data, not its hash). */
  push(data: Buffer): void {
    let node = { size: 1, hash: leafHash(data) };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.count += 1;
  }

  /** The root of the tree over every leaf pushed so far. */
  root(): Buffer {
    if (this.stack.length === 0) return emptyRoot;
    let hash = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = nodeHash(this.stack[i]!.hash, hash);
    return hash;
  }
}

/** The root over leaves (their data). */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  const acc = new MerkleAccumulator();
  for (const leaf of leaves) acc.push(leaf);
  return acc.root();
}

/** The inclusion proof (audit path) of leaf `index` in the tree over `leaves`, RFC 9162 §2.1.3.1. */
export function inclusionProof(index: number, leaves: readonly Buffer[]): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError('leaf index outside the tree');
  const hashes = leaves.map(leafHash);
  return path(index, hashes, 0, hashes.length);
}

function subtreeRoot(hashes: readonly Buffer[], start: number, end: number): Buffer {
  if (end - start === 1) return hashes[start]!;
  const k = splitPoint(end - start);
  return nodeHash(subtreeRoot(hashes, start, start + k), subtreeRoot(hashes, start + k, end));
}

function path(m: number, hashes: readonly Buffer[], start: number, end: number): Buffer[] {
  const n = end - start;
  if (n === 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...path(m, hashes, start, start + k), subtreeRoot(hashes, start + k, end)];
  return [...path(m - k, hashes, start + k, end), subtreeRoot(hashes, start, start + k)];
}

/** Checks an inclusion proof against a root, RFC 9162 §2.1.3.2. */
export function verifyInclusion(
  index: number,
  treeSize: number,
  leafData: Buffer,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash(leafData);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

/**
 * The consistency proof from the tree of the first `m` leaves to the tree over all `leaves`,
 * RFC 9162 §2.1.4.1: the hashes a verifier who holds only the two roots needs to see that the
 * larger tree extends the smaller one. Empty when m is 0 or the two sizes are equal.
 */
export function consistencyProof(m: number, leaves: readonly Buffer[]): Buffer[] {
  const n = leaves.length;
  if (!Number.isInteger(m) || m < 0 || m > n) throw new RangeError('first size outside the tree');
  if (m === 0 || m === n) return [];
  const hashes = leaves.map(leafHash);
  return subproof(m, hashes, 0, n, true);
}

/** SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1. */
function subproof(
  m: number,
  hashes: readonly Buffer[],
  start: number,
  end: number,
  whole: boolean,
): Buffer[] {
  const n = end - start;
  if (m === n) return whole ? [] : [subtreeRoot(hashes, start, end)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(m, hashes, start, start + k, whole), subtreeRoot(hashes, start + k, end)];
  return [...subproof(m - k, hashes, start + k, end, false), subtreeRoot(hashes, start, start + k)];
}

/**
 * Checks that the tree of `secondSize` leaves with root `secondRoot` extends the tree of
 * `firstSize` leaves with root `firstRoot`, RFC 9162 §2.1.4.2. Equal sizes need equal roots and
 * an empty proof; every tree extends the empty one.
 */
export function verifyConsistency(
  firstSize: number,
  secondSize: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!Number.isInteger(firstSize) || !Number.isInteger(secondSize)) return false;
  if (firstSize < 0 || firstSize > secondSize) return false;
  if (firstSize === secondSize) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (firstSize === 0) return proof.length === 0 && firstRoot.equals(emptyRoot);
  if (proof.length === 0) return false;
  // A first tree that is a perfect subtree is its own first proof node.
  const path = (firstSize & (firstSize - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}
