import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, system, type TestApp } from '../../test/helpers/app.js';
import { expectError } from '../../test/helpers/routes.js';
import { keysDirOf } from '../platform/config.js';
import { type AuditEntry, genesisHash, hashEntry, leafOf } from './audit.js';
import * as repo from './audit.repository.js';
import type { VerifyReport } from './audit.service.js';
import type { WitnessedCopy } from './audit.verify.js';
import { merkleRoot } from './merkle.js';
import {
  checkpointBody,
  cosign,
  cosignerName,
  formatNote,
  logOrigin,
  parseNote,
  verifierKey,
} from './note.js';
import { keyPaths } from './signing-keys.js';
import { readWitnessDirs } from './witness-store.js';

// Each case tampers with the stored rows the way someone with write access to the database could
// (and, for the rewrite, with the server's own signing key too), bypassing every service, and
// expects verify() to name where the log stops being the one the parties signed.

let t: TestApp;
/** The sizes of the two cosigned checkpoints, and the log's length. */
let first: number;
let second: number;
let length: number;

/**
 * A log of 40 entries: the test app's parties, users and tokens, a checkpoint signed by the host
 * server and cosigned by the partner from its own machine, API tokens, a second such checkpoint,
 * and a few entries after it. The partner keeps both checkpoints in its witness directory.
 */
beforeEach(async () => {
  t = await createTestApp();
  // One audit entry each, alternating between the parties.
  const device = (i: number) =>
    t.services.tokens.createApiToken(system, {
      userId: t.users[i % 2 === 0 ? 'ssd:analyst' : 'cso:analyst']!.id,
      name: `script ${i}`,
    });
  first = (await t.services.audit.checkpoint(system)).treeSize;
  await t.cosign('cso');
  for (let i = 0; i < 6; i++) await device(i);
  second = (await t.services.audit.checkpoint(system)).treeSize;
  await t.cosign('cso');
  for (let i = 6; i < 10; i++) await device(i);
  length = (await repo.readHead(t.db)).nextSeq;
  expect([first, second, length]).toEqual([24, 33, 40]);
});

afterEach(async () => {
  await t.close();
});

const verify = () => t.services.audit.verify();
/** The partner's kept checkpoints, as `jsms audit verify --witness DIR` reads them. */
const partnerCopies = (): WitnessedCopy[] => readWitnessDirs([t.witnessDir('cso')]);
const verifyWithWitness = () => t.services.audit.verify({ witnessed: partnerCopies() });

async function readLog(): Promise<AuditEntry[]> {
  return repo.readEntries(t.db, 0, Number.MAX_SAFE_INTEGER);
}

async function setHead(nextSeq: number, lastHash: string) {
  await t.db
    .updateTable('audit_head')
    .set({ next_seq: nextSeq, last_hash: lastHash })
    .where('id', '=', 1)
    .execute();
}

/** Replaces the whole log with `entries`, renumbered and rehashed into a valid chain, head included. */
async function rewriteLog(entries: AuditEntry[]): Promise<AuditEntry[]> {
  let prevHash = genesisHash;
  const chained = entries.map((entry, seq) => {
    const unhashed = { ...entry, seq, prevHash };
    prevHash = hashEntry(unhashed);
    return { ...unhashed, hash: prevHash };
  });
  await t.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('audit_entries').execute();
    for (const entry of chained) await repo.insertEntry(trx, entry);
  });
  await setHead(chained.length, prevHash);
  return chained;
}

async function deleteCheckpoints(sizes?: number[]) {
  let signatures = t.db.deleteFrom('audit_signatures');
  let checkpoints = t.db.deleteFrom('audit_checkpoints');
  if (sizes) {
    signatures = signatures.where('tree_size', 'in', sizes);
    checkpoints = checkpoints.where('tree_size', 'in', sizes);
  }
  await signatures.execute();
  await checkpoints.execute();
}

/** A plausible entry nobody recorded. */
function forgedEntry(like: AuditEntry): AuditEntry {
  return { ...like, action: 'user.created', entityType: 'user', entityId: 'ghost', fields: ['username'] };
}

const isCheckpointEntry = (e: AuditEntry) => e.entityType === 'audit_checkpoint';

/** What verify() reports of a log that is whole: nothing. */
function expectIntact(report: VerifyReport, witnessed = 0) {
  expect(report).toEqual({
    ok: true,
    entries: length,
    checkpoints: 2,
    signatures: 4,
    witnessed,
    problems: [],
  });
}

function expectBroken(report: VerifyReport, seq: number, message: string | RegExp) {
  expect(report.ok).toBe(false);
  expect(report.problems[0]).toEqual({
    seq,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
}

const messages = (report: VerifyReport) => report.problems.map((p) => p.message);

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
