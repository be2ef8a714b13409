import type { PresentedCheckpoint } from './checkpoint.service.js';

/** A checkpoint as the API shows it: its C2SP forms, the consistency proof and every signature. */
export function presentCheckpoint(c: PresentedCheckpoint) {
  return {
    treeSize: c.treeSize,
    rootHash: c.rootHash,
    createdAt: c.createdAt,
    origin: c.origin,
    body: c.body,
    note: c.note,
    previousSize: c.previousSize,
    consistency: c.consistencyProof,
    signatures: c.signatures.map((s) => ({
      partyId: s.partyId,
      format: s.format,
      keyId: s.keyId,
      publicKey: s.publicKey,
      signature: s.signature,
      signedAt: s.signedAt,
    })),
  };
}
