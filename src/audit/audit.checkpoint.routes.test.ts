import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointAsSsd, type CheckpointBody } from '../../test/helpers/audit.js';
import { latestAudit } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { rechain } from '../../test/helpers/audit.js';
import { auditCount, expectError, parsedAudit } from '../../test/helpers/routes.js';
import { keysDirOf } from '../platform/config.js';
import { consistencyProof, merkleRoot, verifyConsistency } from './merkle.js';
import {
  checkpointBody,
  cosignerName,
  logOrigin,
  parseNote,
  parseVerifierKey,
  verifierKey,
  verifyCosignature,
} from './note.js';
import { keyPaths, readPublicKey } from './signing-keys.js';

const t = useTestApp({ each: true });

/** The entries the test app starts with: two parties, eleven users with a token each. */
const initialEntries = 24;

async function storedEntries() {
  return (await t.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()).map(parsedAudit);
}

describe('POST /api/v1/audit/checkpoints', () => {
  it("checkpoints every entry so far, cosigned by the server's own party only", async () => {
    const before = await storedEntries();
    t.clock.advance(60_000);
    const checkpoint = await checkpointAsSsd(t);
    const root = merkleRoot(before.map((e) => Buffer.from(e.hash, 'hex'))).toString('hex');
    const origin = logOrigin(before[0]!.hash);
    const body = checkpointBody({ origin, treeSize: initialEntries, rootHash: root });
    const vkey = verifierKey(cosignerName('ssd'), readPublicKey(keysDirOf(t.config), 'ssd')!);
    expect(checkpoint).toEqual({
      treeSize: initialEntries,
      rootHash: root,
      createdAt: '2026-11-28T08:01:00.000Z',
      origin,
      body,
      note: expect.stringMatching(
        new RegExp(`^${body.replace(/[+/]/g, '\\$&')}\n— jsms/ssd [A-Za-z0-9+/=]+\n$`),
      ),
      previousSize: null,
      consistency: null,
      signatures: [
        {
          partyId: 'ssd',
          format: 2,
          keyId: parseVerifierKey(vkey).keyId,
          publicKey: vkey,
          signature: expect.any(String),
          signedAt: '2026-11-28T08:01:00.000Z',
        },
      ],
    });
    // The note is a C2SP checkpoint the host's verifier key checks, dated by the server's clock.
    const note = parseNote(checkpoint.note);
    expect(note.body).toBe(body);
    expect(verifyCosignature(body, note.signatures[0]!, parseVerifierKey(vkey))).toBe(true);
    expect(note.signatures[0]!.signature.readBigUInt64BE(0)).toBe(
      BigInt(Date.parse('2026-11-28T08:01:00Z') / 1000),
    );

    expect(await t.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([
      {
        tree_size: initialEntries,
        root_hash: root,
        created_at: '2026-11-28T08:01:00.000Z',
        previous_size: null,
        consistency_proof: null,
      },
    ]);
    const signatures = await t.db.selectFrom('audit_signatures').selectAll().execute();
    expect(signatures).toMatchObject([
      { tree_size: initialEntries, party_id: 'ssd', format: 2, signed_by: t.users['ssd:admin']!.id },
    ]);
    const [signed, created] = (await latestAudit(t.db, 2)).map(parsedAudit);
    const admin = t.users['ssd:admin']!.id;
    expect(created).toMatchObject({
      seq: initialEntries,
      action: 'audit_checkpoint.created',
      actor_id: admin,
      entity_type: 'audit_checkpoint',
      entity_id: String(initialEntries),
      party_id: 'ssd',
      fields: [],
    });
    expect(signed).toMatchObject({
      seq: initialEntries + 1,
      action: 'audit_checkpoint.signed',
      actor_id: admin,
      entity_type: 'audit_checkpoint',
      entity_id: String(initialEntries),
      party_id: 'ssd',
    });

    const listed = await t.request('cso:observer', { method: 'GET', url: '/api/v1/audit/checkpoints' });
    expect(listed.json()).toEqual({ items: [checkpoint], next: null });
    const one = await t.request('cso:observer', {
      method: 'GET',
      url: `/api/v1/audit/checkpoints/${initialEntries}`,
    });
    expect(one.json()).toEqual(checkpoint);
  });

  it('is signed as the host even when the partner admin asks: the server holds no other key', async () => {
    const res = await t.request('cso:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
    expect(res.statusCode).toBe(201);
    expect(res.json<CheckpointBody>().signatures.map((s) => s.partyId)).toEqual(['ssd']);
  });

  it('carries the consistency proof from the previous checkpoint', async () => {
    const first = await checkpointAsSsd(t);
    const second = await checkpointAsSsd(t);
    expect(second).toMatchObject({ treeSize: first.treeSize + 2, previousSize: first.treeSize });
    const leaves = (await storedEntries()).slice(0, second.treeSize).map((e) => Buffer.from(e.hash, 'hex'));
    expect(second.consistency).toEqual(
      consistencyProof(first.treeSize, leaves).map((b) => b.toString('hex')),
    );
    const proof = second.consistency!.map((h) => Buffer.from(h, 'hex'));
    const roots = [first, second].map((c) => Buffer.from(c.rootHash, 'hex'));
    expect(verifyConsistency(first.treeSize, second.treeSize, roots[0]!, roots[1]!, proof)).toBe(true);
  });

  it('refuses with 409 checkpoint_inconsistent when the log no longer extends the last checkpoint', async () => {
    const first = await checkpointAsSsd(t);
    // Rewritten under the checkpoint with the chain recomputed, as someone with the database could.
    await t.db.updateTable('audit_entries').set({ fields: '["rewritten"]' }).where('seq', '=', 3).execute();
    await rechain(t);
    const res = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
    expectError(res, 409, 'checkpoint_inconsistent');
    expect(
      (await t.db.selectFrom('audit_checkpoints').select('tree_size').execute()).map((r) =>
        Number(r.tree_size),
      ),
    ).toEqual([first.treeSize]);
  });

  it('refuses with 503 signing_key_missing when the server holds no key, and stores nothing', async () => {
    rmSync(keyPaths(keysDirOf(t.config), 'ssd').privateKey);
    const res = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
    expectError(res, 503, 'signing_key_missing');
    expect(await t.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([]);
    expect(await auditCount(t)).toBe(initialEntries);
  });
});

describe('GET /api/v1/audit/checkpoints', () => {
  it('lists checkpoints newest first, as many as asked', async () => {
    expect(
      (await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/audit/checkpoints' })).json(),
    ).toEqual({ items: [], next: null });
    const first = await checkpointAsSsd(t);
    const second = await checkpointAsSsd(t);
    expect(second.treeSize).toBe(first.treeSize + 2);
    const res = await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/audit/checkpoints' });
    expect(res.json<{ items: CheckpointBody[] }>().items.map((c) => c.treeSize)).toEqual([
      second.treeSize,
      first.treeSize,
    ]);
    const latest = await t.request('ssd:coordinator', {
      method: 'GET',
      url: '/api/v1/audit/checkpoints?limit=1',
    });
    expect(latest.json<{ items: CheckpointBody[] }>().items.map((c) => c.treeSize)).toEqual([
      second.treeSize,
    ]);
    const older = await t.request('ssd:coordinator', {
      method: 'GET',
      url: `/api/v1/audit/checkpoints?limit=1&after=${latest.json<{ next: string }>().next}`,
    });
    expect(older.json<{ items: CheckpointBody[]; next: string | null }>()).toMatchObject({
      items: [{ treeSize: first.treeSize }],
      next: null,
    });
  });

  it('answers 404 for a size never checkpointed and 400 naming the field for a bad one', async () => {
    await checkpointAsSsd(t);
    expectError(
      await t.request('ssd:analyst', { method: 'GET', url: '/api/v1/audit/checkpoints/7' }),
      404,
      'audit_checkpoint_not_found',
    );
    for (const [url, field] of [
      ['/api/v1/audit/checkpoints/abc', 'params.treeSize'],
      ['/api/v1/audit/checkpoints?limit=0', 'querystring.limit'],
      [`/api/v1/audit/checkpoints/${initialEntries}/consistency`, 'querystring.from'],
      [`/api/v1/audit/checkpoints/${initialEntries}/consistency?from=-1`, 'querystring.from'],
      [
        `/api/v1/audit/checkpoints/${initialEntries}/consistency?from=${initialEntries + 1}`,
        'querystring.from',
      ],
    ] as const) {
      expectError(await t.request('ssd:analyst', { method: 'GET', url }), 400, 'validation_failed', field);
    }
  });
});

describe('GET /api/v1/audit/checkpoints/:treeSize/consistency', () => {
  it('proves the checkpoint extends any earlier size', async () => {
    const checkpoint = await checkpointAsSsd(t);
    const leaves = (await storedEntries())
      .slice(0, checkpoint.treeSize)
      .map((e) => Buffer.from(e.hash, 'hex'));
    for (const from of [0, 1, 5, 16, checkpoint.treeSize]) {
      const res = await t.request('cso:observer', {
        method: 'GET',
        url: `/api/v1/audit/checkpoints/${checkpoint.treeSize}/consistency?from=${from}`,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ treeSize: number; from: number; proof: string[] }>();
      expect(body).toEqual({
        treeSize: checkpoint.treeSize,
        from,
        proof: consistencyProof(from, leaves).map((b) => b.toString('hex')),
      });
      const first = merkleRoot(leaves.slice(0, from));
      const proof = body.proof.map((h) => Buffer.from(h, 'hex'));
      expect(
        verifyConsistency(from, checkpoint.treeSize, first, Buffer.from(checkpoint.rootHash, 'hex'), proof),
      ).toBe(true);
    }
  });
});

describe('a checkpoint awaiting the other party', () => {
  it('verifies while one party has signed, as co-signing takes its time', async () => {
    const created = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
    expect(created.json().signatures.map((s: { partyId: string }) => s.partyId)).toEqual(['ssd']);
    const report = await t.services.audit.verify();
    expect(report).toMatchObject({ ok: true, checkpoints: 1, signatures: 1 });
  });
});

describe('concurrent checkpoints', () => {
  it('two admins checkpointing at once both succeed, with no 500 and a log that verifies', async () => {
    const [a, b] = await Promise.all([
      t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' }),
      t.request('cso:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    // Interleaved, both land on one size; one after the other, the second also covers the
    // first's audit entry. Either way every checkpoint stored is one of the two answers.
    const stored = (await t.db.selectFrom('audit_checkpoints').select('tree_size').execute()).map((r) =>
      Number(r.tree_size),
    );
    expect(new Set(stored)).toEqual(new Set([a.json().treeSize, b.json().treeSize]));
    expect((await t.services.audit.verify()).ok).toBe(true);
  });
});
