import { afterEach, beforeEach, expect } from 'vitest';
import { createTestApp, system, type TestApp } from './app.js';
import { type AuditEntry, genesisHash, hashEntry } from '../../src/audit/audit.js';
import * as repo from '../../src/audit/audit.repository.js';
import type { VerifyReport } from '../../src/audit/audit.service.js';
import type { WitnessedCopy } from '../../src/audit/audit.verify.js';
import { readWitnessDirs } from '../../src/audit/witness-store.js';
import { inTransaction } from '../../src/platform/db/transaction.js';

// The shared log of the tamper tests (each test file that imports this gets its own app and log,
// vitest isolating files). Each case tampers with the stored rows the way someone with write access
// to the database could (and, for the rewrite, with the server's own signing key too), bypassing
// every service, and expects verify() to name where the log stops being the one the parties signed.

export let t: TestApp;
/** The sizes of the two cosigned checkpoints, and the log's length. */
export let first: number;
export let second: number;
export let length: number;

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

export const verify = () => t.services.audit.verify();
/** The partner's kept checkpoints, as `jsms audit verify --witness DIR` reads them. */
export const partnerCopies = (): WitnessedCopy[] => readWitnessDirs([t.witnessDir('cso')]);
export const verifyWithWitness = () => t.services.audit.verify({ witnessed: partnerCopies() });

export async function readLog(): Promise<AuditEntry[]> {
  return repo.readEntries(t.db, 0, Number.MAX_SAFE_INTEGER);
}

export async function setHead(nextSeq: number, lastHash: string) {
  await t.db
    .updateTable('audit_head')
    .set({ next_seq: nextSeq, last_hash: lastHash })
    .where('id', '=', 1)
    .execute();
}

/** Replaces the whole log with `entries`, renumbered and rehashed into a valid chain, head included. */
export async function rewriteLog(entries: AuditEntry[]): Promise<AuditEntry[]> {
  let prevHash = genesisHash;
  const chained = entries.map((entry, seq) => {
    const unhashed = { ...entry, seq, prevHash };
    prevHash = hashEntry(unhashed);
    return { ...unhashed, hash: prevHash };
  });
  await inTransaction(t.db, async (tx) => {
    await tx.deleteFrom('audit_entries').execute();
    for (const entry of chained) await repo.insertEntry(tx, entry);
  });
  await setHead(chained.length, prevHash);
  return chained;
}

export async function deleteCheckpoints(sizes?: number[]) {
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
export function forgedEntry(like: AuditEntry): AuditEntry {
  return { ...like, action: 'user.created', entityType: 'user', entityId: 'ghost', fields: ['username'] };
}

export const isCheckpointEntry = (e: AuditEntry) => e.entityType === 'audit_checkpoint';

/** What verify() reports of a log that is whole: nothing. */
export function expectIntact(report: VerifyReport, witnessed = 0) {
  expect(report).toEqual({
    ok: true,
    entries: length,
    checkpoints: 2,
    signatures: 4,
    witnessed,
    records: 0,
    problems: [],
  });
}

export function expectBroken(report: VerifyReport, seq: number, message: string | RegExp) {
  expect(report.ok).toBe(false);
  expect(report.problems[0]).toEqual({
    seq,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
}

export const messages = (report: VerifyReport) => report.problems.map((p) => p.message);
