import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../platform/canonical-json.js';
import { type AuditEntry, checkpointMessage, genesisHash, hashEntry, leafOf } from './audit.js';
import { ChainVerifier, type CheckpointToVerify, type WitnessedCopy } from './audit.verify.js';
import { consistencyProof, merkleRoot } from './merkle.js';
import { checkpointBody, cosign, cosignerName, formatNote, logOrigin } from './note.js';

// The verifier on hand-built logs: no database, so each rule is seen on its own, including logs
// written before salting and signatures of the legacy format, which must keep verifying.

const keys = {
  ssd: generateKeyPairSync('ed25519'),
  cso: generateKeyPairSync('ed25519'),
};
const pem = (party: keyof typeof keys) =>
  keys[party].publicKey.export({ type: 'spki', format: 'pem' }).toString();
const trustedKeys = new Map([
  ['ssd', pem('ssd')],
  ['cso', pem('cso')],
]);

type Draft = Pick<AuditEntry, 'action' | 'entityType' | 'entityId' | 'partyId'> & { salted: boolean };

/** Chains drafts into entries; unsalted ones are written as before the salting migration. */
function chain(drafts: Draft[]): AuditEntry[] {
  let prevHash = genesisHash;
  return drafts.map((d, seq) => {
    const unhashed = {
      seq,
      at: `2026-11-28T08:${String(seq).padStart(2, '0')}:00.000Z`,
      actorType: 'system' as const,
      actorId: 'test',
      partyId: d.partyId,
      action: d.action,
      entityType: d.entityType,
      entityId: d.entityId,
      fields: [],
      prevHash,
      salt: d.salted ? createHash('sha256').update(`salt ${seq}`).digest('hex').slice(0, 32) : null,
    };
    prevHash = hashEntry(unhashed);
    return { ...unhashed, hash: prevHash };
  });
}

const change = (seq: number, salted: boolean): Draft => ({
  action: 'user.created',
  entityType: 'user',
  entityId: `u${seq}`,
  partyId: seq % 2 ? 'cso' : 'ssd',
  salted,
});
const recorded = (action: string, size: number, party: string | null, salted: boolean): Draft => ({
  action,
  entityType: 'audit_checkpoint',
  entityId: String(size),
  partyId: party,
  salted,
});

/**
 * Five legacy entries, a legacy checkpoint of 5 with a format-1 signature by ssd, then salted
 * entries and a checkpoint of 10 cosigned by both (format 2), with its consistency proof.
 */
function scenario() {
  const entries = chain([
    ...[0, 1, 2, 3, 4].map((i) => change(i, false)),
    recorded('audit_checkpoint.created', 5, 'ssd', false),
    recorded('audit_checkpoint.signed', 5, 'ssd', false),
    ...[7, 8, 9].map((i) => change(i, true)),
    recorded('audit_checkpoint.created', 10, 'ssd', true),
    recorded('audit_checkpoint.signed', 10, 'ssd', true),
    recorded('audit_checkpoint.signed', 10, 'cso', true),
  ]);
  const leaves = entries.map(leafOf);
  const root = (n: number) => merkleRoot(leaves.slice(0, n)).toString('hex');
  const origin = logOrigin(entries[0]!.hash);
  const body = checkpointBody({ origin, treeSize: 10, rootHash: root(10) });
  const cosignature = (party: 'ssd' | 'cso') =>
    cosign(body, cosignerName(party), keys[party].privateKey, 1796371200);
  const stored = (party: 'ssd' | 'cso') => {
    const s = cosignature(party);
    return {
      partyId: party,
      format: 2 as const,
      signature: Buffer.concat([Buffer.from(s.keyId, 'hex'), s.signature]).toString('base64'),
    };
  };
  const checkpoints: CheckpointToVerify[] = [
    {
      treeSize: 5,
      rootHash: root(5),
      previousSize: null,
      consistencyProof: null,
      signatures: [
        {
          partyId: 'ssd',
          format: 1,
          signature: sign(null, checkpointMessage(5, root(5)), keys.ssd.privateKey).toString('base64'),
        },
      ],
    },
    {
      treeSize: 10,
      rootHash: root(10),
      previousSize: 5,
      consistencyProof: consistencyProof(5, leaves.slice(0, 10)).map((b) => b.toString('hex')),
      signatures: [stored('cso'), stored('ssd')],
    },
  ];
  const kept: WitnessedCopy = {
    source: 'cso/10.checkpoint',
    note: formatNote(body, [cosignature('ssd'), cosignature('cso')]),
  };
  return { entries, checkpoints, kept, head: { nextSeq: entries.length, lastHash: entries.at(-1)!.hash } };
}

function run(
  s: ReturnType<typeof scenario>,
  options: { witnessed?: WitnessedCopy[]; entries?: AuditEntry[]; checkpoints?: CheckpointToVerify[] } = {},
) {
  const verifier = new ChainVerifier({
    checkpoints: options.checkpoints ?? s.checkpoints,
    trustedKeys,
    witnessed: options.witnessed ?? [s.kept],
  });
  for (const entry of options.entries ?? s.entries) if (!verifier.add(entry)) break;
  return verifier.finish(s.head);
}

describe('ChainVerifier', () => {
  it('verifies legacy unsalted entries, a format-1 signature, salted entries and cosignatures together', () => {
    expect(run(scenario())).toEqual([]);
  });

  it('hashes a legacy entry exactly as the landed code did: no salt key at all', () => {
    const [entry] = chain([change(0, false)]);
    const { hash: _hash, salt: _salt, ...landed } = entry!;
    expect(entry!.hash).toBe(createHash('sha256').update(canonicalJson(landed)).digest('hex'));
    const [salted] = chain([change(0, true)]);
    expect(salted!.hash).not.toBe(entry!.hash);
  });

  it('refuses a legacy entry given a salt afterwards, and a salted one stripped of it', () => {
    const s = scenario();
    const withSalt = s.entries.map((e) => (e.seq === 2 ? { ...e, salt: 'ab'.repeat(16) } : e));
    expect(run(s, { entries: withSalt })[0]).toEqual({
      seq: 2,
      message: 'entry 2 was altered: its content does not match its hash',
    });
    const stripped = s.entries.map((e) => (e.seq === 8 ? { ...e, salt: null } : e));
    expect(run(s, { entries: stripped })[0]).toEqual({
      seq: 8,
      message: 'entry 8 was altered: its content does not match its hash',
    });
  });

  it('names a format-1 signature that does not verify, and a format-2 one over another body', () => {
    const s = scenario();
    const [legacy, current] = s.checkpoints as [CheckpointToVerify, CheckpointToVerify];
    const swapped = [
      { ...legacy, signatures: [{ ...legacy.signatures[0]!, signature: current.signatures[1]!.signature }] },
      { ...current, signatures: [{ ...current.signatures[0]!, format: 1 as const }, current.signatures[1]!] },
    ];
    expect(run(s, { checkpoints: swapped, witnessed: [] }).map((p) => p.message)).toEqual([
      'checkpoint of 5 entries: the signature of party ssd does not verify',
      'checkpoint of 5 entries carries no valid signature',
      'checkpoint of 10 entries: the signature of party cso does not verify',
    ]);
  });

  it('names a stored consistency proof that does not prove the step', () => {
    const s = scenario();
    const [legacy, current] = s.checkpoints as [CheckpointToVerify, CheckpointToVerify];
    const bad = [legacy, { ...current, consistencyProof: [...current.consistencyProof!].reverse() }];
    expect(run(s, { checkpoints: bad, witnessed: [] })).toEqual([
      { seq: 9, message: 'checkpoint of 10 entries: its consistency proof from 5 entries does not verify' },
    ]);
  });

  it('takes a kept copy signed by an unknown key for nothing, and sorts problems by entry', () => {
    const s = scenario();
    const stranger = generateKeyPairSync('ed25519');
    const body = s.kept.note.split('\n\n')[0] + '\n';
    const note = formatNote(body, [cosign(body, 'jsms/cso', stranger.privateKey, 1)]);
    const problems = run(s, {
      witnessed: [{ source: 'elsewhere', note }],
      checkpoints: [s.checkpoints[1]!, { ...s.checkpoints[0]!, rootHash: '00'.repeat(32) }],
    });
    // Checkpoint 5: its root, its signature, none valid; checkpoint 10: its proof from 5; the copy.
    expect(problems.map((p) => p.seq)).toEqual([4, 4, 4, 9, 9]);
    expect(problems.at(-1)).toEqual({
      seq: 9,
      message:
        'checkpoint of 10 entries witnessed in elsewhere carries no valid signature of a trusted party',
    });
  });
});
