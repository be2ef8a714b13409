import { rmSync } from 'node:fs';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, latestAudit, type TestApp } from '../../test/helpers/app.js';
import { auditCount, createDevice, expectError, parsedAudit, withBearer } from '../../test/helpers/routes.js';
import { keysDirOf } from '../platform/config.js';
import { checkpointMessage } from './audit.js';
import { merkleRoot, verifyInclusion } from './merkle.js';
import { keyIdOf, keyPaths, readPublicKey, verifySignature } from './signing-keys.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

interface Entry {
  seq: number;
  partyId: string | null;
  entityType: string;
  entityId: string | null;
  hash: string;
}
interface Checkpoint {
  treeSize: number;
  rootHash: string;
  signatures: { partyId: string; keyId: string; publicKey: string; signature: string; signedAt: string }[];
}

/** The entries the test app starts with: two parties, eleven users with a token each. */
const initialEntries = 24;

type Route = InjectOptions & { method: string; url: string };
const readRoutes: Route[] = [
  { method: 'GET', url: '/api/v1/audit' },
  { method: 'GET', url: '/api/v1/audit/checkpoints' },
  { method: 'GET', url: '/api/v1/audit/entries/0/proof?treeSize=1' },
];
const checkpointRoutes: Route[] = [
  { method: 'POST', url: '/api/v1/audit/checkpoints' },
  { method: 'POST', url: '/api/v1/audit/checkpoints/1/sign' },
];

async function storedEntries() {
  return (await t.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()).map(parsedAudit);
}

async function checkpointAsSsd(): Promise<Checkpoint> {
  const res = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Checkpoint>();
}

describe('who may call the audit routes', () => {
  it('refuses anonymous callers with 401 unauthenticated', async () => {
    for (const route of [...readRoutes, ...checkpointRoutes]) {
      expectError(await t.request(null, route), 401, 'unauthenticated');
    }
  });

  it('lets only admins, coordinators, analysts and observers read (403 for the rest)', async () => {
    const device = await createDevice(t, 'cso');
    for (const route of readRoutes) {
      for (const who of ['ssd:commander', 'cso:commander', 'cso:person']) {
        expectError(await t.request(who, route), 403, 'forbidden');
      }
      expectError(await withBearer(t, device.token, route), 403, 'forbidden');
    }
  });

  it('lets only admins checkpoint or sign (403 for the rest), and writes nothing', async () => {
    for (const route of checkpointRoutes) {
      for (const who of ['ssd:coordinator', 'ssd:analyst', 'cso:observer', 'cso:person']) {
        expectError(await t.request(who, route), 403, 'forbidden');
      }
    }
    expect(await t.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([]);
    expect(await auditCount(t)).toBe(initialEntries);
  });
});

describe('GET /api/v1/audit', () => {
  it("shows a party its own entries and shared ones, newest first, and no other party's", async () => {
    const res = await t.request('cso:analyst', { method: 'GET', url: '/api/v1/audit' });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Entry[] }>().items;
    const stored = await storedEntries();
    const visible = stored.filter((e) => e.party_id === 'cso' || e.entity_type === 'party').reverse();
    expect(items.map((e) => e.seq)).toEqual(visible.map((e) => e.seq));
    expect(items).toHaveLength(14);
    expect(items.some((e) => e.partyId === 'ssd' && e.entityType !== 'party')).toBe(false);
    const newest = stored[stored.length - 1]!;
    expect(items[0]).toEqual({
      seq: newest.seq,
      at: '2026-11-28T08:00:00.000Z',
      actorType: 'system',
      actorId: 'test',
      partyId: 'cso',
      action: 'token.created',
      entityType: 'api_token',
      entityId: newest.entity_id,
      fields: ['expires_at', 'name'],
      prevHash: stored[stored.length - 2]!.hash,
      hash: newest.hash,
    });
    // Reading the log is not itself logged.
    expect(await auditCount(t)).toBe(initialEntries);
  });

  it('filters by entity and pages with beforeSeq without gaps or overlaps', async () => {
    const analyst = t.users['cso:analyst']!;
    const byEntity = await t.request('cso:admin', {
      method: 'GET',
      url: `/api/v1/audit?entityType=user&entityId=${analyst.id}`,
    });
    expect(byEntity.json<{ items: Entry[] }>().items.map((e) => [e.entityType, e.entityId])).toEqual([
      ['user', analyst.id],
    ]);
    const foreign = await t.request('cso:admin', {
      method: 'GET',
      url: `/api/v1/audit?entityType=user&entityId=${t.users['ssd:analyst']!.id}`,
    });
    expect(foreign.json()).toEqual({ items: [] });

    const all = (await t.request('ssd:observer', { method: 'GET', url: '/api/v1/audit' })).json<{
      items: Entry[];
    }>().items;
    const seen: number[] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const query = `limit=4${beforeSeq === undefined ? '' : `&beforeSeq=${beforeSeq}`}`;
      const page = (await t.request('ssd:observer', { method: 'GET', url: `/api/v1/audit?${query}` })).json<{
        items: Entry[];
      }>().items;
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.seq));
      beforeSeq = page[page.length - 1]!.seq;
    }
    expect(seen).toEqual(all.map((e) => e.seq));
    expect(seen).toHaveLength(12);
  });

  for (const [query, field] of <const>[
    ['limit=0', 'querystring.limit'],
    ['limit=501', 'querystring.limit'],
    ['beforeSeq=-1', 'querystring.beforeSeq'],
    ['beforeSeq=soon', 'querystring.beforeSeq'],
    [`entityType=${'x'.repeat(65)}`, 'querystring.entityType'],
    [`entityId=${'x'.repeat(101)}`, 'querystring.entityId'],
  ]) {
    it(`answers 400 validation_failed naming ${field} for ?${query.slice(0, 20)}`, async () => {
      const res = await t.request('ssd:analyst', { method: 'GET', url: `/api/v1/audit?${query}` });
      expectError(res, 400, 'validation_failed', field);
    });
  }
});

describe('POST /api/v1/audit/checkpoints', () => {
  it("checkpoints every entry so far, signed with the caller's party key", async () => {
    const before = await storedEntries();
    t.clock.advance(60_000);
    const checkpoint = await checkpointAsSsd();
    const root = merkleRoot(before.map((e) => Buffer.from(e.hash, 'hex'))).toString('hex');
    const publicKey = readPublicKey(keysDirOf(t.config), 'ssd')!;
    expect(checkpoint).toEqual({
      treeSize: initialEntries,
      rootHash: root,
      createdAt: '2026-11-28T08:01:00.000Z',
      signatures: [
        {
          partyId: 'ssd',
          keyId: keyIdOf(publicKey),
          publicKey,
          signature: expect.any(String),
          signedAt: '2026-11-28T08:01:00.000Z',
        },
      ],
    });
    const signature = checkpoint.signatures[0]!.signature;
    expect(verifySignature(checkpointMessage(initialEntries, root), publicKey, signature)).toBe(true);
    expect(verifySignature(checkpointMessage(initialEntries + 1, root), publicKey, signature)).toBe(false);

    expect(await t.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([
      { tree_size: initialEntries, root_hash: root, created_at: '2026-11-28T08:01:00.000Z' },
    ]);
    const signatures = await t.db.selectFrom('audit_signatures').selectAll().execute();
    expect(signatures).toMatchObject([
      { tree_size: initialEntries, party_id: 'ssd', signature, signed_by: t.users['ssd:admin']!.id },
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
    expect(listed.json()).toEqual({ items: [checkpoint] });
  });

  it('refuses with 503 signing_key_missing when the server lacks the party key, and stores nothing', async () => {
    rmSync(keyPaths(keysDirOf(t.config), 'cso').privateKey);
    const res = await t.request('cso:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
    expectError(res, 503, 'signing_key_missing');
    expect(await t.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([]);
    expect(await auditCount(t)).toBe(initialEntries);
  });
});

describe('GET /api/v1/audit/checkpoints', () => {
  it('lists checkpoints newest first', async () => {
    expect(
      (await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/audit/checkpoints' })).json(),
    ).toEqual({ items: [] });
    const first = await checkpointAsSsd();
    const second = await checkpointAsSsd();
    expect(second.treeSize).toBe(first.treeSize + 2);
    const res = await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/audit/checkpoints' });
    expect(res.json<{ items: Checkpoint[] }>().items.map((c) => c.treeSize)).toEqual([
      second.treeSize,
      first.treeSize,
    ]);
  });
});

describe('POST /api/v1/audit/checkpoints/:treeSize/sign', () => {
  it('co-signs a checkpoint as the caller’s party, once', async () => {
    const checkpoint = await checkpointAsSsd();
    const url = `/api/v1/audit/checkpoints/${checkpoint.treeSize}/sign`;
    t.clock.advance(120_000);
    const res = await t.request('cso:admin', { method: 'POST', url });
    expect(res.statusCode).toBe(200);
    const body = res.json<Checkpoint>();
    expect(body).toMatchObject({ treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash });
    expect(body.signatures.map((s) => [s.partyId, s.signedAt])).toEqual([
      ['cso', '2026-11-28T08:02:00.000Z'],
      ['ssd', '2026-11-28T08:00:00.000Z'],
    ]);
    const cso = body.signatures[0]!;
    const message = checkpointMessage(checkpoint.treeSize, checkpoint.rootHash);
    expect(cso.publicKey).toBe(readPublicKey(keysDirOf(t.config), 'cso'));
    expect(verifySignature(message, cso.publicKey, cso.signature)).toBe(true);
    const rows = await t.db
      .selectFrom('audit_signatures')
      .select(['party_id', 'signed_by'])
      .orderBy('party_id')
      .execute();
    expect(rows).toEqual([
      { party_id: 'cso', signed_by: t.users['cso:admin']!.id },
      { party_id: 'ssd', signed_by: t.users['ssd:admin']!.id },
    ]);
    expect(parsedAudit((await latestAudit(t.db))[0])).toMatchObject({
      action: 'audit_checkpoint.signed',
      actor_id: t.users['cso:admin']!.id,
      entity_type: 'audit_checkpoint',
      entity_id: String(checkpoint.treeSize),
      party_id: 'cso',
      fields: [],
    });
    expectError(await t.request('cso:admin', { method: 'POST', url }), 409, 'already_signed');
  });

  it('refuses to sign when the stored log no longer verifies (409 conflict)', async () => {
    const checkpoint = await checkpointAsSsd();
    await t.db.updateTable('audit_entries').set({ fields: '["rewritten"]' }).where('seq', '=', 5).execute();
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: `/api/v1/audit/checkpoints/${checkpoint.treeSize}/sign`,
    });
    expectError(res, 409, 'conflict');
    expect(await t.db.selectFrom('audit_signatures').select('party_id').execute()).toEqual([
      { party_id: 'ssd' },
    ]);
  });

  it('answers 404 audit_checkpoint_not_found for a size never checkpointed', async () => {
    const res = await t.request('cso:admin', { method: 'POST', url: '/api/v1/audit/checkpoints/7/sign' });
    expectError(res, 404, 'audit_checkpoint_not_found');
  });

  for (const size of ['abc', '-1', '1.5']) {
    it(`answers 400 validation_failed naming params.treeSize for ${size}`, async () => {
      const res = await t.request('cso:admin', {
        method: 'POST',
        url: `/api/v1/audit/checkpoints/${size}/sign`,
      });
      expectError(res, 400, 'validation_failed', 'params.treeSize');
    });
  }
});

describe('GET /api/v1/audit/entries/:seq/proof', () => {
  it('proves every visible entry is in the checkpoint, and a forged proof fails', async () => {
    const checkpoint = await checkpointAsSsd();
    const root = Buffer.from(checkpoint.rootHash, 'hex');
    const visible = (await storedEntries()).filter(
      (e) => e.seq < checkpoint.treeSize && (e.party_id === 'ssd' || e.entity_type === 'party'),
    );
    expect(visible).toHaveLength(12);
    for (const stored of visible) {
      const res = await t.request('ssd:analyst', {
        method: 'GET',
        url: `/api/v1/audit/entries/${stored.seq}/proof?treeSize=${checkpoint.treeSize}`,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ entry: Entry; checkpoint: Checkpoint; leafIndex: number; proof: string[] }>();
      expect(body.entry).toMatchObject({ seq: stored.seq, hash: stored.hash, action: stored.action });
      expect(body.checkpoint).toEqual(checkpoint);
      expect(body.leafIndex).toBe(stored.seq);
      expect(body.proof.length).toBeGreaterThanOrEqual(4);
      const proof = body.proof.map((p) => Buffer.from(p, 'hex'));
      const leaf = Buffer.from(body.entry.hash, 'hex');
      expect(verifyInclusion(body.leafIndex, checkpoint.treeSize, leaf, proof, root)).toBe(true);
      const forged = proof.map((p, i) => (i === 0 ? Buffer.from(p.map((b) => b ^ 1)) : p));
      expect(verifyInclusion(body.leafIndex, checkpoint.treeSize, leaf, forged, root)).toBe(false);
      expect(verifyInclusion(body.leafIndex, checkpoint.treeSize, Buffer.alloc(32), proof, root)).toBe(false);
    }
    expect(await auditCount(t)).toBe(checkpoint.treeSize + 2);
  });

  it("answers 404 audit_entry_not_found for another party's entry", async () => {
    const checkpoint = await checkpointAsSsd();
    const ssdUser = (await storedEntries()).find((e) => e.action === 'user.created' && e.party_id === 'ssd')!;
    const res = await t.request('cso:analyst', {
      method: 'GET',
      url: `/api/v1/audit/entries/${ssdUser.seq}/proof?treeSize=${checkpoint.treeSize}`,
    });
    expectError(res, 404, 'audit_entry_not_found');
  });

  it('answers 404 audit_checkpoint_not_found for a size never checkpointed', async () => {
    const res = await t.request('ssd:analyst', {
      method: 'GET',
      url: '/api/v1/audit/entries/0/proof?treeSize=3',
    });
    expectError(res, 404, 'audit_checkpoint_not_found');
  });

  it('answers 400 validation_failed naming treeSize for an entry after the checkpoint', async () => {
    const checkpoint = await checkpointAsSsd();
    // The checkpoint's own creation entry is shared, and comes after the checkpoint.
    const res = await t.request('cso:analyst', {
      method: 'GET',
      url: `/api/v1/audit/entries/${checkpoint.treeSize}/proof?treeSize=${checkpoint.treeSize}`,
    });
    expectError(res, 400, 'validation_failed', 'treeSize');
  });

  for (const [path, field] of <const>[
    ['0/proof', 'querystring.treeSize'],
    ['0/proof?treeSize=0', 'querystring.treeSize'],
    ['0/proof?treeSize=many', 'querystring.treeSize'],
    ['first/proof?treeSize=1', 'params.seq'],
    ['-1/proof?treeSize=1', 'params.seq'],
  ]) {
    it(`answers 400 validation_failed naming ${field} for …/entries/${path}`, async () => {
      const res = await t.request('ssd:analyst', { method: 'GET', url: `/api/v1/audit/entries/${path}` });
      expectError(res, 400, 'validation_failed', field);
    });
  }
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
