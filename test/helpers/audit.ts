import { genesisHash, hashEntry } from '../../src/audit/audit.js';
import * as repo from '../../src/audit/audit.repository.js';
import { expect } from 'vitest';
import type { TestApp } from './app.js';

/**
 * Recomputes every entry's hash and link from genesis and the head row, as someone who can write
 * the database could after editing entries: the chain is consistent again, only signed and kept
 * checkpoints can tell.
 */
export async function rechain(t: TestApp): Promise<void> {
  let prevHash = genesisHash;
  for (const entry of await repo.readEntries(t.db, 0, Number.MAX_SAFE_INTEGER)) {
    const hash = hashEntry({ ...entry, prevHash });
    await t.db
      .updateTable('audit_entries')
      .set({ prev_hash: prevHash, hash })
      .where('seq', '=', entry.seq)
      .execute();
    prevHash = hash;
  }
  await t.db.updateTable('audit_head').set({ last_hash: prevHash }).execute();
}

/** A checkpoint as the API answers it. */
export interface CheckpointBody {
  treeSize: number;
  rootHash: string;
  origin: string;
  body: string;
  note: string;
  previousSize: number | null;
  consistency: string[] | null;
  signatures: {
    partyId: string;
    format: number;
    keyId: string;
    publicKey: string;
    signature: string;
    signedAt: string;
  }[];
}

/** Makes a checkpoint through the API as the host's admin, signed by the host server. */
export async function checkpointAsSsd(t: TestApp): Promise<CheckpointBody> {
  const res = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CheckpointBody>();
}
