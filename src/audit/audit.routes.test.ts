import { rmSync } from 'node:fs';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, latestAudit, type TestApp } from '../../test/helpers/app.js';
import { rechain } from '../../test/helpers/audit.js';
import { auditCount, createDevice, expectError, parsedAudit, withBearer } from '../../test/helpers/routes.js';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keysDirOf } from '../platform/config.js';
import { consistencyProof, merkleRoot, verifyConsistency, verifyInclusion } from './merkle.js';
import {
  checkpointBody,
  cosign,
  cosignerName,
  logOrigin,
  parseNote,
  parseVerifierKey,
  signatureLine,
  verifierKey,
  verifyCosignature,
} from './note.js';
import { keyPaths, readPublicKey } from './signing-keys.js';

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
  salt: string | null;
}
interface Checkpoint {
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

/** The entries the test app starts with: two parties, eleven users with a token each. */
const initialEntries = 24;

type Route = InjectOptions & { method: string; url: string };
const readRoutes: Route[] = [
  { method: 'GET', url: '/api/v1/audit' },
  { method: 'GET', url: '/api/v1/audit/checkpoints' },
  { method: 'GET', url: '/api/v1/audit/checkpoints/1' },
  { method: 'GET', url: '/api/v1/audit/checkpoints/1/consistency?from=0' },
  { method: 'GET', url: '/api/v1/audit/entries/0/proof?treeSize=1' },
];
const checkpointRoutes: Route[] = [
  { method: 'POST', url: '/api/v1/audit/checkpoints' },
  {
    method: 'POST',
    url: '/api/v1/audit/checkpoints/1/signatures',
    payload: { signature: '— jsms/ssd AAAA' },
  },
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
      salt: newest.salt,
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

  it('gives each visible entry its salt, 16 random bytes the hash commits to', async () => {
    const items = (await t.request('cso:observer', { method: 'GET', url: '/api/v1/audit' })).json<{
      items: Entry[];
    }>().items;
    expect(items.every((e) => /^[0-9a-f]{32}$/.test(e.salt ?? ''))).toBe(true);
    expect(new Set(items.map((e) => e.salt)).size).toBe(items.length);
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
  it("checkpoints every entry so far, cosigned by the server's own party only", async () => {
    const before = await storedEntries();
    t.clock.advance(60_000);
    const checkpoint = await checkpointAsSsd();
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
    expect(listed.json()).toEqual({ items: [checkpoint] });
    const one = await t.request('cso:observer', {
      method: 'GET',
      url: `/api/v1/audit/checkpoints/${initialEntries}`,
    });
    expect(one.json()).toEqual(checkpoint);
  });

  it('is signed as the host even when the partner admin asks: the server holds no other key', async () => {
    const res = await t.request('cso:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' });
    expect(res.statusCode).toBe(201);
    expect(res.json<Checkpoint>().signatures.map((s) => s.partyId)).toEqual(['ssd']);
  });

  it('carries the consistency proof from the previous checkpoint', async () => {
    const first = await checkpointAsSsd();
    const second = await checkpointAsSsd();
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
    const first = await checkpointAsSsd();
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
    ).toEqual({ items: [] });
    const first = await checkpointAsSsd();
    const second = await checkpointAsSsd();
    expect(second.treeSize).toBe(first.treeSize + 2);
    const res = await t.request('ssd:coordinator', { method: 'GET', url: '/api/v1/audit/checkpoints' });
    expect(res.json<{ items: Checkpoint[] }>().items.map((c) => c.treeSize)).toEqual([
      second.treeSize,
      first.treeSize,
    ]);
    const latest = await t.request('ssd:coordinator', {
      method: 'GET',
      url: '/api/v1/audit/checkpoints?limit=1',
    });
    expect(latest.json<{ items: Checkpoint[] }>().items.map((c) => c.treeSize)).toEqual([second.treeSize]);
  });

  it('answers 404 for a size never checkpointed and 400 naming the field for a bad one', async () => {
    await checkpointAsSsd();
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
      [`/api/v1/audit/checkpoints/${initialEntries}/consistency?from=${initialEntries + 1}`, 'from'],
    ] as const) {
      expectError(await t.request('ssd:analyst', { method: 'GET', url }), 400, 'validation_failed', field);
    }
  });
});

describe('GET /api/v1/audit/checkpoints/:treeSize/consistency', () => {
  it('proves the checkpoint extends any earlier size', async () => {
    const checkpoint = await checkpointAsSsd();
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

describe('POST /api/v1/audit/checkpoints/:treeSize/signatures', () => {
  /** A cosignature line made with the partner's key, on the partner's machine. */
  function partnerSignature(
    checkpoint: Checkpoint,
    options: { party?: string; time?: number; body?: string } = {},
  ) {
    const key = createPrivateKey(readFileSync(t.partyKeyFile('cso')));
    const time = options.time ?? Math.floor(t.clock.now().getTime() / 1000);
    return signatureLine(
      cosign(options.body ?? checkpoint.body, cosignerName(options.party ?? 'cso'), key, time),
    );
  }

  it('stores the partner’s cosignature, made with its own key, once', async () => {
    const checkpoint = await checkpointAsSsd();
    const url = `/api/v1/audit/checkpoints/${checkpoint.treeSize}/signatures`;
    t.clock.advance(120_000);
    const signature = partnerSignature(checkpoint);
    const res = await t.request('cso:admin', { method: 'POST', url, payload: { signature } });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<Checkpoint>();
    expect(body.signatures.map((s) => [s.partyId, s.format, s.signedAt])).toEqual([
      ['cso', 2, '2026-11-28T08:02:00.000Z'],
      ['ssd', 2, '2026-11-28T08:00:00.000Z'],
    ]);
    const vkey = parseVerifierKey(
      verifierKey(cosignerName('cso'), readPublicKey(keysDirOf(t.config), 'cso')!),
    );
    const note = parseNote(body.note);
    expect(note.signatures.map((s) => s.name)).toEqual(['jsms/cso', 'jsms/ssd']);
    expect(verifyCosignature(checkpoint.body, note.signatures[0]!, vkey)).toBe(true);
    expect(signatureLine(note.signatures[0]!)).toBe(signature);
    const rows = await t.db
      .selectFrom('audit_signatures')
      .select(['party_id', 'signed_by', 'format'])
      .orderBy('party_id')
      .execute();
    expect(rows).toEqual([
      { party_id: 'cso', signed_by: t.users['cso:admin']!.id, format: 2 },
      { party_id: 'ssd', signed_by: t.users['ssd:admin']!.id, format: 2 },
    ]);
    expect(parsedAudit((await latestAudit(t.db))[0])).toMatchObject({
      action: 'audit_checkpoint.signed',
      actor_id: t.users['cso:admin']!.id,
      entity_type: 'audit_checkpoint',
      entity_id: String(checkpoint.treeSize),
      party_id: 'cso',
      fields: [],
    });
    expectError(
      await t.request('cso:admin', { method: 'POST', url, payload: { signature } }),
      409,
      'already_signed',
    );
    expect((await t.services.audit.verify()).ok).toBe(true);
  });

  it('refuses what does not verify, or is not the caller’s party’s, with 400 signature_invalid, storing nothing', async () => {
    const checkpoint = await checkpointAsSsd();
    const url = `/api/v1/audit/checkpoints/${checkpoint.treeSize}/signatures`;
    const otherBody = checkpointBody({
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      rootHash: '00'.repeat(32),
    });
    const stranger = signatureLine(
      cosign(
        checkpoint.body,
        'jsms/cso',
        createPrivateKey(readFileSync(keyPaths(keysDirOf(t.config), 'ssd').privateKey)),
        1,
      ),
    );
    for (const signature of [
      'not a signature line',
      '— jsms/cso !!!',
      partnerSignature(checkpoint, { body: otherBody }),
      partnerSignature(checkpoint, { party: 'ssd' }),
      partnerSignature(checkpoint, { time: Math.floor(t.clock.now().getTime() / 1000) + 3600 }),
      stranger,
    ]) {
      const res = await t.request('cso:admin', { method: 'POST', url, payload: { signature } });
      expectError(res, 400, 'signature_invalid', 'signature');
    }
    expectError(
      await t.request('cso:admin', { method: 'POST', url, payload: {} }),
      400,
      'validation_failed',
      'body.signature',
    );
    expect(await t.db.selectFrom('audit_signatures').select('party_id').execute()).toEqual([
      { party_id: 'ssd' },
    ]);
  });

  it('answers 409 party_key_unknown when the server trusts no key of the party', async () => {
    const checkpoint = await checkpointAsSsd();
    rmSync(keyPaths(keysDirOf(t.config), 'cso').publicKey);
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: `/api/v1/audit/checkpoints/${checkpoint.treeSize}/signatures`,
      payload: { signature: partnerSignature(checkpoint) },
    });
    expectError(res, 409, 'party_key_unknown');
  });

  it('answers 404 audit_checkpoint_not_found for a size never checkpointed', async () => {
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: '/api/v1/audit/checkpoints/7/signatures',
      payload: { signature: '— jsms/cso AAAAAAAA' },
    });
    expectError(res, 404, 'audit_checkpoint_not_found');
  });

  for (const size of ['abc', '-1', '1.5']) {
    it(`answers 400 validation_failed naming params.treeSize for ${size}`, async () => {
      const res = await t.request('cso:admin', {
        method: 'POST',
        url: `/api/v1/audit/checkpoints/${size}/signatures`,
        payload: { signature: '— jsms/cso AAAAAAAA' },
      });
      expectError(res, 400, 'validation_failed', 'params.treeSize');
    });
  }
});

describe('the signing client (jsms audit sign), in-process', () => {
  it('signs an older checkpoint on request, proven to be extended by the later one it kept', async () => {
    const first = await checkpointAsSsd();
    const second = await checkpointAsSsd();
    expect(await t.cosign('cso')).toMatchObject({ status: 'signed', treeSize: second.treeSize });
    expect(await t.cosign('cso', first.treeSize)).toMatchObject({
      status: 'signed',
      treeSize: first.treeSize,
      consistentWith: [second.treeSize],
    });
    const stored = await t.db
      .selectFrom('audit_signatures')
      .select(['tree_size', 'party_id'])
      .where('party_id', '=', 'cso')
      .orderBy('tree_size')
      .execute();
    expect(stored.map((r) => Number(r.tree_size))).toEqual([first.treeSize, second.treeSize]);
  });

  it('cosigns the latest checkpoint, keeps it, and proves each later one consistent with it', async () => {
    const first = await checkpointAsSsd();
    const signed = await t.cosign('cso');
    expect(signed).toMatchObject({ status: 'signed', treeSize: first.treeSize, consistentWith: [] });
    const kept = readFileSync(signed.file, 'utf8');
    expect(
      parseNote(kept)
        .signatures.map((s) => s.name)
        .sort(),
    ).toEqual(['jsms/cso', 'jsms/ssd']);
    expect(parseNote(kept).body).toBe(first.body);
    expect(await t.cosign('cso')).toMatchObject({ status: 'kept', treeSize: first.treeSize });
    const second = await checkpointAsSsd();
    expect(await t.cosign('cso')).toMatchObject({
      status: 'signed',
      treeSize: second.treeSize,
      consistentWith: [first.treeSize],
    });
    const report = await t.services.audit.verify({
      witnessed: [first.treeSize, second.treeSize].map((n) => ({
        source: `${t.witnessDir('cso')}/${n}.checkpoint`,
        note: readFileSync(`${t.witnessDir('cso')}/${n}.checkpoint`, 'utf8'),
      })),
    });
    expect(report).toMatchObject({ ok: true, checkpoints: 2, signatures: 4, witnessed: 2, problems: [] });
  });
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

  it('answers for an entry checkpointed long before, with the latest checkpoint too', async () => {
    const first = await checkpointAsSsd();
    await checkpointAsSsd();
    const res = await t.request('ssd:analyst', {
      method: 'GET',
      url: `/api/v1/audit/entries/0/proof?treeSize=${first.treeSize}`,
    });
    expect(res.statusCode).toBe(200);
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
