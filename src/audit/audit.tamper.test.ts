import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { system } from '../../test/helpers/app.js';
import { expectError } from '../../test/helpers/routes.js';
import { keysDirOf } from '../platform/config.js';
import { hashEntry, leafOf } from './audit.js';
import * as repo from './audit.repository.js';
import { merkleRoot } from './merkle.js';
import { checkpointBody, cosign, cosignerName, logOrigin, verifierKey } from './note.js';
import { keyPaths } from './signing-keys.js';

import {
  t,
  first,
  second,
  length,
  verify,
  verifyWithWitness,
  readLog,
  rewriteLog,
  deleteCheckpoints,
  forgedEntry,
  isCheckpointEntry,
  expectIntact,
  expectBroken,
  messages,
} from '../../test/helpers/tampered-log.js';

describe('audit log verification against tampering', () => {
  it('verifies the untouched log, its two checkpoints and four signatures, and the partner’s copies', async () => {
    expectIntact(await verify());
    expectIntact(await verifyWithWitness(), 2);
  });

  it.each([
    ['action', 'user.disabled'],
    ['at', '2026-11-28T07:59:59.000Z'],
    ['actor_type', 'anonymous'],
    ['actor_id', 'someone-else'],
    ['party_id', 'cso'],
    ['entity_type', 'device'],
    ['entity_id', 'another-id'],
    ['fields', '["username"]'],
    ['salt', 'ff'.repeat(16)],
  ] as const)('names entry 10 when its %s is edited', async (column, value) => {
    await t.db
      .updateTable('audit_entries')
      .set({ [column]: value })
      .where('seq', '=', 10)
      .execute();
    const report = await verify();
    expectBroken(report, 10, 'entry 10 was altered: its content does not match its hash');
    expect(report.entries).toBe(10);
  });

  it('names the next entry when an edited entry also gets a recomputed hash', async () => {
    const [entry] = await repo.readEntries(t.db, 10, 1);
    const edited = { ...entry!, action: 'user.disabled' };
    await t.db
      .updateTable('audit_entries')
      .set({ action: edited.action, hash: hashEntry(edited) })
      .where('seq', '=', 10)
      .execute();
    expectBroken(await verify(), 11, 'entry 11 does not link to entry 10');
  });

  it('names the head when the last entry is edited and rehashed', async () => {
    const [entry] = await repo.readEntries(t.db, length - 1, 1);
    const edited = { ...entry!, entityId: 'another-id' };
    await t.db
      .updateTable('audit_entries')
      .set({ entity_id: edited.entityId, hash: hashEntry(edited) })
      .where('seq', '=', length - 1)
      .execute();
    expectBroken(await verify(), 39, 'the last entry 39 does not match the head');
  });

  it('names a deleted entry', async () => {
    await t.db.deleteFrom('audit_entries').where('seq', '=', 10).execute();
    expectBroken(await verify(), 10, 'entry 10 is missing (next stored entry is 11)');
  });

  it('names the first of two entries whose contents were swapped', async () => {
    const rows = await t.db.selectFrom('audit_entries').selectAll().where('seq', 'in', [10, 11]).execute();
    const [ten, eleven] = [rows.find((r) => r.seq === 10)!, rows.find((r) => r.seq === 11)!];
    await t.db
      .updateTable('audit_entries')
      .set({ ...eleven, seq: 10 })
      .where('seq', '=', 10)
      .execute();
    await t.db
      .updateTable('audit_entries')
      .set({ ...ten, seq: 11 })
      .where('seq', '=', 11)
      .execute();
    expectBroken(await verify(), 10, 'entry 10 does not link to entry 9');
  });

  describe('a rewritten chain, consistent from genesis to head', () => {
    const rootMismatch = (size: number) => ({
      seq: size - 1,
      message: expect.stringMatching(
        new RegExp(
          `^checkpoint of ${size} entries: the log's root is [0-9a-f]{64}, the signed root is [0-9a-f]{64}$`,
        ),
      ),
    });

    it('with an entry inserted, is caught by the signed checkpoints', async () => {
      const log = await readLog();
      await rewriteLog([...log.slice(0, 10), forgedEntry(log[9]!), ...log.slice(10)]);
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.entries).toBe(length + 1);
      expect(report.problems).toEqual([rootMismatch(first), rootMismatch(second)]);
    });

    it('with two entries reordered, is caught by the signed checkpoints', async () => {
      const log = await readLog();
      await rewriteLog([...log.slice(0, 10), log[11]!, log[10]!, ...log.slice(12)]);
      expect((await verify()).problems).toEqual([rootMismatch(first), rootMismatch(second)]);
    });

    it('with the checkpoint roots rewritten to match, fails on every signature and the consistency proof', async () => {
      const log = await readLog();
      const forged = await rewriteLog([...log.slice(0, 10), forgedEntry(log[9]!), ...log.slice(10)]);
      for (const size of [first, second]) {
        const root = merkleRoot(forged.slice(0, size).map(leafOf)).toString('hex');
        await t.db
          .updateTable('audit_checkpoints')
          .set({ root_hash: root })
          .where('tree_size', '=', size)
          .execute();
      }
      const report = await verify();
      const signaturesFail = (size: number) => [
        ...['cso', 'ssd'].map(
          (party) => `checkpoint of ${size} entries: the signature of party ${party} does not verify`,
        ),
        `checkpoint of ${size} entries carries no valid signature`,
      ];
      expect(messages(report)).toEqual([
        ...signaturesFail(first),
        `checkpoint of ${second} entries: its consistency proof from ${first} entries does not verify`,
        ...signaturesFail(second),
      ]);
      expect(report.problems[0]!.seq).toBe(first - 1);
    });

    it('re-signed with keys of its own stored in the database, still fails: the key files are trusted', async () => {
      const log = await readLog();
      const forged = await rewriteLog([...log.slice(0, 10), forgedEntry(log[9]!), ...log.slice(10)]);
      const origin = logOrigin(forged[0]!.hash);
      for (const size of [first, second]) {
        const root = merkleRoot(forged.slice(0, size).map(leafOf)).toString('hex');
        await t.db
          .updateTable('audit_checkpoints')
          .set({ root_hash: root, consistency_proof: null, previous_size: null })
          .where('tree_size', '=', size)
          .execute();
        for (const party of ['ssd', 'cso']) {
          const { privateKey, publicKey } = generateKeyPairSync('ed25519');
          const name = cosignerName(party);
          const sig = cosign(checkpointBody({ origin, treeSize: size, rootHash: root }), name, privateKey, 1);
          await t.db
            .updateTable('audit_signatures')
            .set({
              public_key: verifierKey(name, publicKey),
              key_id: sig.keyId,
              signature: Buffer.concat([Buffer.from(sig.keyId, 'hex'), sig.signature]).toString('base64'),
            })
            .where('tree_size', '=', size)
            .where('party_id', '=', party)
            .execute();
        }
      }
      const report = await verify();
      expect(report.ok).toBe(false);
      // Two bad signatures and "no valid signature" per checkpoint.
      expect(report.problems).toHaveLength(6);
      expectBroken(
        report,
        first - 1,
        `checkpoint of ${first} entries: the signature of party cso does not verify`,
      );
    });
  });

  describe('the rewrite by whoever runs the server: database access and the host’s own key', () => {
    /**
     * Erases the partner-visible entries 10 to 14, drops every checkpoint with its signatures
     * and its entries, rebuilds the chain, and checkpoints it again through the server itself,
     * signed with the host key the operator holds.
     */
    async function rewriteAndResign() {
      const log = await readLog();
      await deleteCheckpoints();
      await rewriteLog(log.filter((e) => (e.seq < 10 || e.seq > 14) && !isCheckpointEntry(e)));
      return t.services.audit.checkpoint(system);
    }

    it('passes verify alone, which is why each party keeps its own copy', async () => {
      const resigned = await rewriteAndResign();
      expect(resigned.signatures.map((s) => s.partyId)).toEqual(['ssd']);
      expect(await verify()).toMatchObject({ ok: true, problems: [] });
    });

    it('is caught by verify --witness against the partner’s kept checkpoints', async () => {
      await rewriteAndResign();
      const report = await verifyWithWitness();
      expect(report.ok).toBe(false);
      const dir = t.witnessDir('cso');
      expect(report.problems).toEqual([
        {
          seq: first - 1,
          message: expect.stringMatching(
            new RegExp(
              `^checkpoint of ${first} entries witnessed in ${dir}/${first}.checkpoint: the log's root is [0-9a-f]{64}, the root signed by cso and ssd is [0-9a-f]{64}: the log was rewritten$`,
            ),
          ),
        },
        {
          seq: first - 1,
          message: `checkpoint of ${first} entries witnessed in ${dir}/${first}.checkpoint (signed by cso and ssd) is no longer stored`,
        },
        {
          // The 29 entries left, and the new checkpoint's two.
          seq: 31,
          message: `the log holds 31 entries, but checkpoint of ${second} entries witnessed in ${dir}/${second}.checkpoint (signed by cso and ssd) holds ${second}: entries were removed`,
        },
      ]);
    });

    it('is refused by the partner’s signing client: the new checkpoint does not extend what it signed', async () => {
      const resigned = await rewriteAndResign();
      await expect(t.cosign('cso')).rejects.toMatchObject({
        code: 'checkpoint_inconsistent',
        message: expect.stringContaining(
          `The checkpoint of 29 entries does not extend the checkpoint of ${first} entries (kept in ${t.witnessDir('cso')}/${first}.checkpoint): the log was rewritten; not signing`,
        ),
      });
      expect((await repo.findCheckpoint(t.db, resigned.treeSize))!.signatures.map((s) => s.partyId)).toEqual([
        'ssd',
      ]);
    });

    it('cannot be re-signed as the partner: with both keys, the server refuses to sign at all', async () => {
      copyFileSync(t.partyKeyFile('cso'), keyPaths(keysDirOf(t.config), 'cso').privateKey);
      const res = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
      expectError(res, 503, 'signing_keys_misplaced');
      await expect(t.services.audit.checkpoint(system)).rejects.toMatchObject({
        code: 'signing_keys_misplaced',
      });
      expect(await repo.readHead(t.db)).toMatchObject({ nextSeq: length });
    });

    it('with a new first entry is another log, which the kept copies name', async () => {
      const log = await readLog();
      await deleteCheckpoints();
      await rewriteLog(log.slice(1).filter((e) => !isCheckpointEntry(e)));
      await t.services.audit.checkpoint(system);
      const report = await verifyWithWitness();
      expect(messages(report)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^checkpoint of ${first} entries witnessed in .* is of log jsms\\.audit/[0-9a-f]{16}, signed by cso and ssd; this log is jsms\\.audit/[0-9a-f]{16}: it was rebuilt$`,
          ),
        ),
        expect.stringMatching(new RegExp(`^checkpoint of ${second} entries witnessed in .* is of log`)),
      ]);
    });
  });
});
