import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { actorOf, exampleAgreement } from '../../test/helpers/agreement.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { expectError } from '../../test/helpers/routes.js';
import { keysDirOf } from '../platform/config.js';
import { cosignerName, parseVerifierKey, verifierKey } from './note.js';
import {
  initPartyKey,
  keyPaths,
  readPublicKey,
  serverSigningParties,
  trustedKeys,
  trustPartyKey,
} from './signing-keys.js';

// Finding 2: the server must never sign as more than one party. Its key directory holds its own
// party's private key; the other party's public key only.

const dirs: string[] = [];
function keysDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jsms-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('serverSigningParties', () => {
  it('is the one party whose private key is held, and none for an empty or missing directory', () => {
    const dir = keysDir();
    expect(serverSigningParties(path.join(dir, 'absent'), { demo: false })).toEqual([]);
    expect(serverSigningParties(dir, { demo: false })).toEqual([]);
    initPartyKey(dir, 'ssd');
    const other = keysDir();
    trustPartyKey(dir, 'cso', initPartyKey(other, 'cso').publicKeyPem);
    expect(serverSigningParties(dir, { demo: false })).toEqual(['ssd']);
    expect([...trustedKeys(dir).keys()]).toEqual(['cso', 'ssd']);
  });

  it('refuses two parties’ private keys with 503 signing_keys_misplaced, except in the demo', () => {
    const dir = keysDir();
    initPartyKey(dir, 'ssd');
    initPartyKey(dir, 'cso');
    expect(() => serverSigningParties(dir, { demo: false })).toThrow(
      expect.objectContaining({ code: 'signing_keys_misplaced', status: 503 }),
    );
    expect(serverSigningParties(dir, { demo: true })).toEqual(['cso', 'ssd']);
  });
});

describe('trustPartyKey', () => {
  it('takes a PEM file or a verifier key, once, and refuses another key for the party', () => {
    const dir = keysDir();
    const partner = initPartyKey(keysDir(), 'cso');
    expect(trustPartyKey(dir, 'cso', partner.verifierKey).verifierKey).toBe(partner.verifierKey);
    expect(readPublicKey(dir, 'cso')).toBe(partner.publicKeyPem);
    // The same key again, in either form, is fine.
    expect(trustPartyKey(dir, 'cso', partner.publicKeyPem).verifierKey).toBe(partner.verifierKey);
    const stranger = initPartyKey(keysDir(), 'cso');
    expect(() => trustPartyKey(dir, 'cso', stranger.publicKeyPem)).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() => trustPartyKey(dir, 'ssd', partner.verifierKey)).toThrow(
      expect.objectContaining({ code: 'validation_failed', details: { field: 'public', in: 'body' } }),
    );
    expect(() => trustPartyKey(dir, 'ssd', 'garbage')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(parseVerifierKey(partner.verifierKey).name).toBe(cosignerName('cso'));
    expect(verifierKey(cosignerName('cso'), partner.publicKeyPem)).toBe(partner.verifierKey);
  });
});

describe('a server holding both parties’ keys', () => {
  const t = useTestApp({ each: true });

  it('signs neither checkpoints nor agreements, and stores nothing', async () => {
    copyFileSync(t.partyKeyFile('cso'), keyPaths(keysDirOf(t.config), 'cso').privateKey);
    const proposed = await t.services.agreements.propose(actorOf(t, 'ssd:admin'), exampleAgreement);
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: `/api/v1/agreements/${proposed.version}/sign`,
    });
    expectError(res, 503, 'signing_keys_misplaced');
    const signatures = await t.db.selectFrom('agreement_signatures').selectAll().execute();
    expect(signatures).toEqual([]);
    expectError(
      await t.request('ssd:admin', { method: 'POST', url: '/api/v1/audit/checkpoints' }),
      503,
      'signing_keys_misplaced',
    );
    expect(await t.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([]);
  });

  it('key-signs agreements only as its own party when it holds just its own key', async () => {
    const proposed = await t.services.agreements.propose(actorOf(t, 'ssd:admin'), exampleAgreement);
    await t.services.agreements.sign(actorOf(t, 'ssd:admin'), proposed.version);
    await t.services.agreements.sign(actorOf(t, 'cso:admin'), proposed.version);
    const rows = await t.db
      .selectFrom('agreement_signatures')
      .select(['party_id', 'key_id', 'key_signature'])
      .orderBy('party_id')
      .execute();
    expect(rows.map((r) => [r.party_id, r.key_signature !== null])).toEqual([
      ['cso', false],
      ['ssd', true],
    ]);
  });
});
