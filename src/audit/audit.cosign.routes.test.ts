import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointAsSsd, type CheckpointBody } from '../../test/helpers/audit.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { expectAudited, expectError } from '../../test/helpers/routes.js';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keysDirOf } from '../platform/config.js';
import {
  checkpointBody,
  cosign,
  cosignerName,
  parseNote,
  parseVerifierKey,
  signatureLine,
  verifierKey,
  verifyCosignature,
} from './note.js';
import { keyPaths, readPublicKey } from './signing-keys.js';

const t = useTestApp({ each: true });

describe('POST /api/v1/audit/checkpoints/:treeSize/signatures', () => {
  /** A cosignature line made with the partner's key, on the partner's machine. */
  function partnerSignature(
    checkpoint: CheckpointBody,
    options: { party?: string; time?: number; body?: string } = {},
  ) {
    const key = createPrivateKey(readFileSync(t.partyKeyFile('cso')));
    const time = options.time ?? Math.floor(t.clock.now().getTime() / 1000);
    return signatureLine(
      cosign(options.body ?? checkpoint.body, cosignerName(options.party ?? 'cso'), key, time),
    );
  }

  it('stores the partner’s cosignature, made with its own key, once', async () => {
    const checkpoint = await checkpointAsSsd(t);
    const url = `/api/v1/audit/checkpoints/${checkpoint.treeSize}/signatures`;
    t.clock.advance(120_000);
    const signature = partnerSignature(checkpoint);
    const res = await t.request('cso:admin', { method: 'POST', url, payload: { signature } });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<CheckpointBody>();
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
    await expectAudited(t, 'audit_checkpoint.signed', String(checkpoint.treeSize), {
      by: t.users['cso:admin']!.id,
      party: 'cso',
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
    const checkpoint = await checkpointAsSsd(t);
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
      expectError(res, 400, 'signature_invalid', 'body.signature');
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
    const checkpoint = await checkpointAsSsd(t);
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
    const first = await checkpointAsSsd(t);
    const second = await checkpointAsSsd(t);
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
    const first = await checkpointAsSsd(t);
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
    const second = await checkpointAsSsd(t);
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
