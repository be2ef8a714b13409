import { describe, expect, it } from 'vitest';
import { checkpointAsSsd, type CheckpointBody } from '../../test/helpers/audit.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { auditCount, expectError, parsedAudit, queryRefusalCases } from '../../test/helpers/routes.js';
import { pageThrough } from '../../test/helpers/registry.js';
import { verifyInclusion } from './merkle.js';

const t = useTestApp({ each: true });

interface Entry {
  seq: number;
  partyId: string | null;
  entityType: string;
  entityId: string | null;
  hash: string;
  salt: string | null;
}

/** The entries the test app starts with: two parties, eleven users with a token each. */
const initialEntries = 24;

async function storedEntries() {
  return (await t.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()).map(parsedAudit);
}

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
      entityType: 'token',
      entityId: newest.entity_id,
      fields: ['expires_at', 'name'],
      prevHash: stored[stored.length - 2]!.hash,
      hash: newest.hash,
    });
    // Reading the log is not itself logged.
    expect(await auditCount(t)).toBe(initialEntries);
  });

  it('filters by entity and pages with the next cursor without gaps or overlaps', async () => {
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
    expect(foreign.json()).toEqual({ items: [], next: null });

    const all = (await t.request('ssd:observer', { method: 'GET', url: '/api/v1/audit' })).json<{
      items: Entry[];
    }>().items;
    const { items: paged, pages } = await pageThrough<Entry>(t, 'ssd:observer', '/api/v1/audit?limit=4');
    expect(paged.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    expect(paged).toHaveLength(12);
    expect(pages).toBe(3);
  });

  it('filters by actor, action and time, a bound in any offset meaning the same instant', async () => {
    const list = async (query: string) =>
      (await t.request('cso:admin', { method: 'GET', url: `/api/v1/audit?${query}` })).json<{
        items: (Entry & { action: string; actorId: string | null; at: string })[];
      }>().items;
    const all = await list('');
    const tokens = await list('action=token.created&actorId=test');
    expect(tokens.map((e) => e.seq)).toEqual(
      all.filter((e) => e.action === 'token.created' && e.actorId === 'test').map((e) => e.seq),
    );
    expect(tokens.length).toBeGreaterThan(0);
    expect(await list('actorId=nobody')).toEqual([]);
    // Every entry here was written at 08:00 UTC, which is 13:00 in Pakistan.
    expect(await list(`from=${encodeURIComponent('2026-11-28T13:00:00+05:00')}`)).toHaveLength(all.length);
    expect(await list(`to=${encodeURIComponent('2026-11-28T13:00:00+05:00')}`)).toEqual([]);
    expect(await list('from=2026-11-28T07:00:00Z&to=2026-11-28T08:00:01Z')).toHaveLength(all.length);
  });

  it('gives each visible entry its salt, 16 random bytes the hash commits to', async () => {
    const items = (await t.request('cso:observer', { method: 'GET', url: '/api/v1/audit' })).json<{
      items: Entry[];
    }>().items;
    expect(items.every((e) => /^[0-9a-f]{32}$/.test(e.salt ?? ''))).toBe(true);
    expect(new Set(items.map((e) => e.salt)).size).toBe(items.length);
  });

  queryRefusalCases(t, 'ssd:analyst', '/api/v1/audit', [
    ['limit=0', 'querystring.limit'],
    ['limit=501', 'querystring.limit'],
    ['beforeSeq=5', 'querystring.beforeSeq'],
    ['after=soon', 'querystring.after'],
    [`after=${Buffer.from('["5"]').toString('base64url')}`, 'querystring.after'],
    [`entityType=${'x'.repeat(65)}`, 'querystring.entityType'],
    [`entityId=${'x'.repeat(101)}`, 'querystring.entityId'],
    [`actorId=${'x'.repeat(101)}`, 'querystring.actorId'],
    [`action=${'x'.repeat(65)}`, 'querystring.action'],
    ['from=yesterday', 'querystring.from'],
    ['to=2026-11-28', 'querystring.to'],
  ]);
});

describe('GET /api/v1/audit/entries/:seq/proof', () => {
  it('proves every visible entry is in the checkpoint, and a forged proof fails', async () => {
    const checkpoint = await checkpointAsSsd(t);
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
      const body = res.json<{
        entry: Entry;
        checkpoint: CheckpointBody;
        leafIndex: number;
        proof: string[];
      }>();
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
    const first = await checkpointAsSsd(t);
    await checkpointAsSsd(t);
    const res = await t.request('ssd:analyst', {
      method: 'GET',
      url: `/api/v1/audit/entries/0/proof?treeSize=${first.treeSize}`,
    });
    expect(res.statusCode).toBe(200);
  });

  it("answers 404 audit_entry_not_found for another party's entry", async () => {
    const checkpoint = await checkpointAsSsd(t);
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
    const checkpoint = await checkpointAsSsd(t);
    // The checkpoint's own creation entry is shared, and comes after the checkpoint.
    const res = await t.request('cso:analyst', {
      method: 'GET',
      url: `/api/v1/audit/entries/${checkpoint.treeSize}/proof?treeSize=${checkpoint.treeSize}`,
    });
    expectError(res, 400, 'validation_failed', 'querystring.treeSize');
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
