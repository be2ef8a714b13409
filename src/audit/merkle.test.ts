import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  MerkleAccumulator,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// A reference written straight from RFC 9162 §2.1.1 and §2.1.3.1, recursion and all, to hold the
// streaming implementation to.
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(Buffer.of(0), leaves[0]!);
  const k = largestPowerOfTwoBelow(leaves.length);
  return sha256(Buffer.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function referencePath(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...referencePath(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...referencePath(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

/** SUBPROOF of RFC 9162 §2.1.4.1, on slices, as the reference for consistency proofs. */
function referenceSubproof(m: number, leaves: readonly Buffer[], whole: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return whole ? [] : [mth(leaves)];
  const k = largestPowerOfTwoBelow(n);
  return m <= k
    ? [...referenceSubproof(m, leaves.slice(0, k), whole), mth(leaves.slice(k))]
    : [...referenceSubproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

/** Which side each proof hash sits on, leaf to root, for leaf m of a tree of n leaves. */
function pathShape(m: number, n: number): string {
  if (n <= 1) return '';
  const k = largestPowerOfTwoBelow(n);
  return m < k ? pathShape(m, k) + 'R' : pathShape(m - k, n - k) + 'L';
}

/** Distinct leaves, so that no two subtrees of a test tree share a hash. */
function leavesOf(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));
}

const hex = (b: Buffer) => b.toString('hex');

/** The eight leaves of certificate-transparency's merkle_tree_test.cc. */
const ctLeaves = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((l) => Buffer.from(l, 'hex'));

describe('Merkle tree hashing (RFC 9162)', () => {
  it('has SHA-256 of the empty string as the root of no leaves', () => {
    expect(hex(emptyRoot)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(merkleRoot([]))).toBe(hex(emptyRoot));
    expect(hex(new MerkleAccumulator().root())).toBe(hex(emptyRoot));
  });

  it('prefixes leaves with 0x00 and interior nodes with 0x01', () => {
    const a = Buffer.from('a');
    const b = Buffer.from('b');
    expect(hex(leafHash(a))).toBe(hex(sha256(Buffer.of(0), a)));
    expect(hex(nodeHash(a, b))).toBe(hex(sha256(Buffer.of(1), a, b)));
    // The prefixes keep a leaf from passing for a node: a one-leaf tree over left||right is not
    // the two-leaf tree.
    expect(hex(merkleRoot([Buffer.concat([leafHash(a), leafHash(b)])]))).not.toBe(hex(merkleRoot([a, b])));
  });

  it('matches the Certificate Transparency test vectors', () => {
    // The eight leaves and roots of certificate-transparency's merkle_tree_test.cc.
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    roots.forEach((root, i) => expect(hex(merkleRoot(ctLeaves.slice(0, i + 1)))).toBe(root));
  });

  it('computes the same root as the recursive definition for every size 0..70', () => {
    const leaves = leavesOf(70);
    const acc = new MerkleAccumulator();
    for (let n = 0; n <= 70; n++) {
      const expected = hex(mth(leaves.slice(0, n)));
      expect(hex(merkleRoot(leaves.slice(0, n))), `size ${n}`).toBe(expected);
      // The accumulator's root after n pushes, taken between pushes, is the same tree.
      expect(acc.size).toBe(n);
      expect(hex(acc.root()), `accumulator at ${n}`).toBe(expected);
      if (n < 70) acc.push(leaves[n]!);
    }
  });

  it('refuses an inclusion proof for a leaf outside the tree', () => {
    expect(() => inclusionProof(0, [])).toThrow(RangeError);
    expect(() => inclusionProof(3, leavesOf(3))).toThrow(RangeError);
    expect(() => inclusionProof(-1, leavesOf(3))).toThrow(RangeError);
  });

  describe('inclusion proofs for every leaf of trees of 1..40 leaves', () => {
    const sizes = Array.from({ length: 40 }, (_, i) => i + 1);
    const all = leavesOf(41);

    it.each(sizes)('size %i: proofs are the audit paths of RFC 9162 and verify', (n) => {
      const leaves = all.slice(0, n);
      const root = mth(leaves);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, leaves);
        expect(proof.map(hex), `leaf ${m}`).toEqual(referencePath(m, leaves).map(hex));
        expect(verifyInclusion(m, n, leaves[m]!, proof, root), `leaf ${m}`).toBe(true);
      }
    });

    it.each(sizes)('size %i: a proof fails for another leaf, index, root or tree', (n) => {
      const leaves = all.slice(0, n);
      const root = mth(leaves);
      const stranger = Buffer.from('not in the tree');
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, leaves);
        const check = (index: number, size: number, leaf: Buffer, p: readonly Buffer[], r = root) =>
          verifyInclusion(index, size, leaf, p, r);
        const at = `leaf ${m}`;
        expect(check(m, n, stranger, proof), at).toBe(false);
        if (n > 1) expect(check(m, n, leaves[(m + 1) % n]!, proof), at).toBe(false);
        expect(check(m, n, leaves[m]!, proof, mth(all.slice(0, n + 1))), at).toBe(false);
        expect(check(m, n, leaves[m]!, proof, leafHash(leaves[m]!)), at).toBe(n === 1);
        for (let other = -1; other <= n; other++) {
          if (other !== m) expect(check(other, n, leaves[m]!, proof), `${at} as ${other}`).toBe(false);
        }
        // The proof binds the tree size only through the root: a size whose path has the same
        // shape recomputes the same root, which is why a checkpoint signs size and root together.
        for (let size = 0; size <= 41; size++) {
          if (size === n) continue;
          const sameShape = m < size && pathShape(m, size) === pathShape(m, n);
          expect(check(m, size, leaves[m]!, proof), `${at} in size ${size}`).toBe(sameShape);
        }
        if (proof.length > 0) {
          expect(check(m, n, leaves[m]!, proof.slice(0, -1)), `${at} without its last hash`).toBe(false);
          expect(check(m, n, leaves[m]!, proof.slice(1)), `${at} without its first hash`).toBe(false);
          expect(check(m, n, leaves[m]!, [...proof].reverse()), `${at} reversed`).toBe(proof.length === 1);
          const flipped = proof.map((p, i) =>
            i === 0 ? Buffer.from(p.map((b, j) => (j === 0 ? b ^ 1 : b))) : p,
          );
          expect(check(m, n, leaves[m]!, flipped), `${at} with a flipped bit`).toBe(false);
        }
        expect(check(m, n, leaves[m]!, [...proof, root]), `${at} with a hash appended`).toBe(false);
        expect(check(m, n, leaves[m]!, [root, ...proof]), `${at} with a hash prepended`).toBe(false);
      }
    });
  });

  describe('consistency proofs (RFC 9162 §2.1.4)', () => {
    const ct = ctLeaves;

    it.each([
      [
        1,
        [
          '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
          '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
          '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
        ],
      ],
      [
        2,
        [
          '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
          '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
        ],
      ],
      [
        6,
        [
          '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
          'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
          'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
        ],
      ],
    ] as const)('matches the Certificate Transparency vector from %i to 8 leaves', (m, expected) => {
      const proof = consistencyProof(m, ct);
      expect(proof.map(hex)).toEqual(expected);
      expect(verifyConsistency(m, 8, merkleRoot(ct.slice(0, m)), merkleRoot(ct), proof)).toBe(true);
    });

    it('proves every m < n up to 24 leaves against roots recomputed from the leaves', () => {
      const all = leavesOf(24);
      for (let n = 1; n <= 24; n++) {
        const leaves = all.slice(0, n);
        const second = mth(leaves);
        for (let m = 0; m <= n; m++) {
          const first = mth(leaves.slice(0, m));
          const proof = consistencyProof(m, leaves);
          const at = `${m} to ${n}`;
          expect(proof.map(hex), at).toEqual(m === 0 ? [] : referenceSubproof(m, leaves, true).map(hex));
          expect(verifyConsistency(m, n, first, second, proof), at).toBe(true);
        }
      }
    });

    it('fails for wrong roots, sizes or altered proofs', () => {
      const all = leavesOf(25);
      for (let n = 2; n <= 24; n++) {
        const leaves = all.slice(0, n);
        const second = mth(leaves);
        const other = mth(all.slice(0, n + 1));
        for (let m = 1; m < n; m++) {
          const first = mth(leaves.slice(0, m));
          const proof = consistencyProof(m, leaves);
          const at = `${m} to ${n}`;
          const check = (p: readonly Buffer[], f = first, s = second, fm = m, sn = n) =>
            verifyConsistency(fm, sn, f, s, p);
          expect(check(proof, mth(all.slice(1, m + 1))), `${at}, another first root`).toBe(false);
          expect(check(proof, first, other), `${at}, another second root`).toBe(false);
          // As with inclusion, sizes bind through the roots: a checkpoint signs size and root together.
          expect(check([]), `${at}, no proof`).toBe(false);
          expect(check(proof.slice(0, -1)), `${at}, a hash short`).toBe(false);
          expect(check([...proof, second]), `${at}, a hash appended`).toBe(false);
          const flipped = proof.map((p, i) =>
            i === proof.length - 1 ? Buffer.from(p.map((b, j) => (j === 0 ? b ^ 1 : b))) : p,
          );
          expect(check(flipped), `${at}, a flipped bit`).toBe(false);
        }
      }
    });

    it('holds equal sizes to equal roots and the empty tree to the empty root', () => {
      const leaves = leavesOf(5);
      const root = mth(leaves);
      expect(verifyConsistency(5, 5, root, root, [])).toBe(true);
      expect(verifyConsistency(5, 5, root, mth(leaves.slice(0, 4)), [])).toBe(false);
      expect(verifyConsistency(5, 5, root, root, [root])).toBe(false);
      expect(verifyConsistency(0, 5, emptyRoot, root, [])).toBe(true);
      expect(verifyConsistency(0, 5, root, root, [])).toBe(false);
      expect(verifyConsistency(5, 4, root, root, [])).toBe(false);
      expect(() => consistencyProof(6, leaves)).toThrow(RangeError);
      expect(() => consistencyProof(-1, leaves)).toThrow(RangeError);
    });
  });
});
