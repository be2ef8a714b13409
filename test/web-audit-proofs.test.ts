import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyProof, inclusionProof, merkleRoot } from '../src/audit/merkle.js';
import { type Checkpoint, checkpointStatus } from '../web/src/audit/checkpointStatus.js';
import { checkConsistency, checkInclusion } from '../web/src/audit/merkle.js';

// The audit screen checks proofs in the browser with WebCrypto; it must agree with the server's
// RFC 9162 code on every tree shape, and refuse what the server would refuse.

/** Leaves as the log has them: entry hashes (32 bytes). */
const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => createHash('sha256').update(`entry ${i}`).digest());
const hex = (b: Buffer) => b.toString('hex');

describe("the audit screen's proof checks", () => {
  it('verifies every inclusion proof the server makes, in trees of 1 to 17 entries, and no forged one', async () => {
    for (let n = 1; n <= 17; n++) {
      const tree = leaves(n);
      const root = hex(merkleRoot(tree));
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, tree).map(hex);
        const check = await checkInclusion(i, n, hex(tree[i]!), proof, root);
        expect(check.verified, `${i} of ${n}`).toBe(true);
        expect(check.steps.at(-1)?.result ?? check.leaf).toBe(root);
        expect((await checkInclusion(i, n, hex(tree[(i + 1) % n]!), proof, root)).verified).toBe(n === 1);
        if (proof.length > 0) {
          const forged = [...proof];
          forged[0] = hex(createHash('sha256').update('forged').digest());
          expect((await checkInclusion(i, n, hex(tree[i]!), forged, root)).verified).toBe(false);
        }
      }
    }
  });

  it('verifies every consistency proof the server makes, and not one over a rewritten entry', async () => {
    for (let n = 1; n <= 17; n++) {
      const tree = leaves(n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, tree).map(hex);
        const first = hex(merkleRoot(tree.slice(0, m)));
        expect(await checkConsistency(m, n, first, hex(merkleRoot(tree)), proof), `${m} to ${n}`).toBe(true);
        const rewritten = [...tree];
        rewritten[0] = createHash('sha256').update('rewritten').digest();
        expect(await checkConsistency(m, n, first, hex(merkleRoot(rewritten)), proof)).toBe(false);
      }
    }
  });

  it('calls a checkpoint verified, not yet cosigned, or inconsistent', async () => {
    const tree = leaves(7);
    const checkpointOf = (size: number, previous: number | null, signed: string[]): Checkpoint => ({
      treeSize: size,
      rootHash: hex(merkleRoot(tree.slice(0, size))),
      createdAt: '2026-12-07T04:00:00.000Z',
      origin: 'jsms',
      body: '',
      note: '',
      previousSize: previous,
      consistency: previous === null ? null : consistencyProof(previous, tree.slice(0, size)).map(hex),
      signatures: signed.map((partyId) => ({
        partyId,
        format: 2,
        keyId: '00000000',
        publicKey: '',
        signature: '',
        signedAt: '2026-12-07T04:00:00.000Z',
      })),
    });
    const parties = ['ssd', 'cso'];
    const first = checkpointOf(4, null, ['ssd', 'cso']);
    expect(await checkpointStatus(first, null, parties)).toBe('verified');
    expect(await checkpointStatus(checkpointOf(7, 4, ['ssd', 'cso']), first, parties)).toBe('verified');
    expect(await checkpointStatus(checkpointOf(7, 4, ['ssd']), first, parties)).toBe('unsigned');
    const rewritten = { ...first, rootHash: hex(createHash('sha256').update('other').digest()) };
    expect(await checkpointStatus(checkpointOf(7, 4, ['ssd', 'cso']), rewritten, parties)).toBe(
      'inconsistent',
    );
    // The previous checkpoint could not be read: nothing shows this one extends it.
    expect(await checkpointStatus(checkpointOf(7, 4, ['ssd', 'cso']), null, parties)).toBe('inconsistent');
  });
});
