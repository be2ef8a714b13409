import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as repo from './audit.repository.js';
import {
  checkpointBody,
  cosign,
  cosignerName,
  formatNote,
  logOrigin,
  parseNote,
  verifierKey,
} from './note.js';

import {
  t,
  first,
  second,
  length,
  verify,
  partnerCopies,
  verifyWithWitness,
  readLog,
  setHead,
  rewriteLog,
  deleteCheckpoints,
  isCheckpointEntry,
  expectIntact,
  expectBroken,
  messages,
} from '../../test/helpers/tampered-log.js';

describe('audit log verification against tampering: checkpoints, signatures and kept copies', () => {
  describe('checkpoints and signatures deleted from the database', () => {
    it('a deleted checkpoint is named by the entry that recorded it', async () => {
      await deleteCheckpoints([first]);
      const report = await verify();
      expect(report.problems).toEqual([
        {
          seq: first,
          message: `entry ${first} records a checkpoint of ${first} entries that is no longer stored`,
        },
        {
          seq: first + 1,
          message: `entry ${first + 1} records the signature of party ssd on checkpoint of ${first} entries, which is no longer stored`,
        },
        {
          seq: first + 2,
          message: `entry ${first + 2} records the signature of party cso on checkpoint of ${first} entries, which is no longer stored`,
        },
      ]);
      expect(messages(await verifyWithWitness())).toContain(
        `checkpoint of ${first} entries witnessed in ${t.witnessDir('cso')}/${first}.checkpoint (signed by cso and ssd) is no longer stored`,
      );
    });

    it('a deleted partner signature is named, and missed by no kept copy', async () => {
      await t.db
        .deleteFrom('audit_signatures')
        .where('tree_size', '=', second)
        .where('party_id', '=', 'cso')
        .execute();
      expect((await verify()).problems).toEqual([
        {
          seq: second + 2,
          message: `entry ${second + 2} records the signature of party cso on checkpoint of ${second} entries, which is no longer stored`,
        },
      ]);
      expect(messages(await verifyWithWitness())).toContain(
        `checkpoint of ${second} entries witnessed in ${t.witnessDir('cso')}/${second}.checkpoint: the signature of party cso is no longer stored`,
      );
    });

    it('all signatures deleted: no checkpoint carries one, and the log says which were made', async () => {
      await t.db.deleteFrom('audit_signatures').execute();
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(messages(report)).toEqual([
        `checkpoint of ${first} entries carries no valid signature`,
        ...[first + 1, first + 2].map(
          (seq, i) =>
            `entry ${seq} records the signature of party ${['ssd', 'cso'][i]} on checkpoint of ${first} entries, which is no longer stored`,
        ),
        `checkpoint of ${second} entries carries no valid signature`,
        ...[second + 1, second + 2].map(
          (seq, i) =>
            `entry ${seq} records the signature of party ${['ssd', 'cso'][i]} on checkpoint of ${second} entries, which is no longer stored`,
        ),
      ]);
    });

    it('all checkpoints and signatures deleted, then an entry edited and the chain recomputed: caught', async () => {
      await deleteCheckpoints();
      const log = await readLog();
      await rewriteLog(log.map((e) => (e.seq === 10 ? { ...e, action: 'user.disabled' } : e)));
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(messages(report)).toContain(
        `entry ${first} records a checkpoint of ${first} entries that is no longer stored`,
      );
      expect(messages(report)).toContain(
        `entry ${second} records a checkpoint of ${second} entries that is no longer stored`,
      );
    });

    it('a checkpoint stored without the entry that records it is named', async () => {
      const log = await readLog();
      await rewriteLog(log.filter((e) => !(e.seq === second && isCheckpointEntry(e))));
      const report = await verify();
      expect(messages(report)).toContain(
        `checkpoint of ${second} entries has no audit_checkpoint.created entry in the log`,
      );
    });
  });

  describe('a truncated tail', () => {
    it('is named by the head when the head is left alone', async () => {
      await t.db.deleteFrom('audit_entries').where('seq', '>=', 37).execute();
      expectBroken(await verify(), 37, 'the log ends at entry 36 but its head says 39');
    });

    it('is caught by the signed checkpoint that covered it when the head is rewritten too', async () => {
      await t.db.deleteFrom('audit_entries').where('seq', '>=', 30).execute();
      const [last] = await repo.readEntries(t.db, 29, 1);
      await setHead(30, last!.hash);
      expectBroken(
        await verify(),
        30,
        `checkpoint of ${second} entries, but only 30 verify: entries were removed`,
      );
    });

    it('below a witnessed checkpoint, with that checkpoint deleted too, is caught only by the kept copy', async () => {
      await t.db.deleteFrom('audit_entries').where('seq', '>=', 30).execute();
      await deleteCheckpoints([second]);
      const [last] = await repo.readEntries(t.db, 29, 1);
      await setHead(30, last!.hash);
      expect(await verify()).toMatchObject({ ok: true, entries: 30 });
      const report = await verifyWithWitness();
      expect(report.problems).toEqual([
        {
          seq: 30,
          message: `the log holds 30 entries, but checkpoint of ${second} entries witnessed in ${t.witnessDir('cso')}/${second}.checkpoint (signed by cso and ssd) holds ${second}: entries were removed`,
        },
      ]);
    });

    it('after the last checkpoint, with the head rewritten, verifies: only the next checkpoint can tell', async () => {
      // A limit of the design, kept visible here: what no signature covers yet can be cut cleanly.
      await t.db.deleteFrom('audit_entries').where('seq', '>=', 37).execute();
      const [last] = await repo.readEntries(t.db, 36, 1);
      await setHead(37, last!.hash);
      expect(await verify()).toMatchObject({ ok: true, entries: 37, problems: [] });
      expect(await verifyWithWitness()).toMatchObject({ ok: true, entries: 37, problems: [] });
    });
  });

  describe('signatures', () => {
    it('names the party whose stored signature was altered', async () => {
      const row = await t.db
        .selectFrom('audit_signatures')
        .selectAll()
        .where('tree_size', '=', first)
        .where('party_id', '=', 'cso')
        .executeTakeFirstOrThrow();
      const bytes = Buffer.from(row.signature, 'base64');
      bytes[20]! ^= 1;
      await t.db
        .updateTable('audit_signatures')
        .set({ signature: bytes.toString('base64') })
        .where('tree_size', '=', first)
        .where('party_id', '=', 'cso')
        .execute();
      const report = await verify();
      expect(report.problems).toEqual([
        {
          seq: first - 1,
          message: `checkpoint of ${first} entries: the signature of party cso does not verify`,
        },
      ]);
    });

    it('checks against the key file, not a verifier key replaced in the database', async () => {
      const attacker = generateKeyPairSync('ed25519');
      const checkpoint = (await repo.findCheckpoint(t.db, second))!;
      const origin = logOrigin((await repo.findEntry(t.db, 0))!.hash);
      const sig = cosign(
        checkpointBody({ origin, treeSize: second, rootHash: checkpoint.rootHash }),
        cosignerName('ssd'),
        attacker.privateKey,
        1,
      );
      await t.db
        .updateTable('audit_signatures')
        .set({
          public_key: verifierKey(cosignerName('ssd'), attacker.publicKey),
          key_id: sig.keyId,
          signature: Buffer.concat([Buffer.from(sig.keyId, 'hex'), sig.signature]).toString('base64'),
        })
        .where('tree_size', '=', second)
        .where('party_id', '=', 'ssd')
        .execute();
      expectBroken(
        await verify(),
        second - 1,
        `checkpoint of ${second} entries: the signature of party ssd does not verify`,
      );
    });

    it('ignores a replaced verifier key in the database while the genuine signature stands', async () => {
      const other = verifierKey('jsms/ssd', generateKeyPairSync('ed25519').publicKey);
      await t.db.updateTable('audit_signatures').set({ public_key: other }).execute();
      expectIntact(await verify());
    });
  });

  describe('kept copies', () => {
    it('a forged kept copy is not taken for the partner’s: it carries no valid trusted signature', async () => {
      const copies = partnerCopies();
      const note = parseNote(copies[0]!.note);
      const altered = note.signatures.map((sig) => {
        if (sig.name !== 'jsms/cso') return sig;
        const bytes = Buffer.from(sig.signature);
        bytes[20]! ^= 1;
        return { ...sig, signature: bytes };
      });
      const forged = formatNote(note.body, altered);
      const report = await t.services.audit.verify({ witnessed: [{ source: 'forged', note: forged }] });
      expect(messages(report)).toEqual([
        `checkpoint of ${first} entries witnessed in forged: the signature of party cso does not verify`,
      ]);
      const unsigned = copies[0]!.note.split('\n\n')[0] + '\n\n— example.com/other AAAAAAAAAAAA\n';
      const alone = await t.services.audit.verify({ witnessed: [{ source: 'unsigned', note: unsigned }] });
      expect(messages(alone)).toEqual([
        `checkpoint of ${first} entries witnessed in unsigned carries no valid signature of a trusted party`,
      ]);
      const garbled = await t.services.audit.verify({
        witnessed: [{ source: 'garbled', note: 'not a note' }],
      });
      expect(messages(garbled)).toEqual([
        'witnessed copy garbled is not a checkpoint note: a note ends with a newline',
      ]);
    });
  });
});

describe('jsms audit verify', () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));

  /** Runs the CLI as an operator would, on this test's database and key directory. */
  function runVerify(extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = ['--import', 'tsx', main, 'audit', 'verify', '--data-dir', t.database.dataDir, ...extra];
    // On PostgreSQL the data directory still holds the key files that verify trusts.
    if (t.database.databaseUrl) args.push('--database-url', t.database.databaseUrl);
    const env = { ...process.env };
    for (const name of ['DATABASE_URL', 'JSMS_DATA_DIR', 'JSMS_KEYS_DIR', 'TEST_DATABASE_URL'])
      delete env[name];
    return new Promise((resolve) => {
      execFile(process.execPath, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  it('exits 0 on a clean log and 1 naming every problem after tampering', async () => {
    const clean = await runVerify(['--witness', t.witnessDir('cso')]);
    expect(clean).toEqual({
      code: 0,
      stdout: `audit log verified: ${length} entries, 2 checkpoints, 4 signatures, 2 witnessed checkpoints\n`,
      stderr: '',
    });

    await t.db.updateTable('audit_entries').set({ action: 'user.disabled' }).where('seq', '=', 10).execute();
    const broken = await runVerify();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr.split('\n')[0]).toBe(
      'jsms: audit_broken: entry 10 was altered: its content does not match its hash',
    );
  }, 180_000);
});
