import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkpointBody,
  checkSignature,
  cosign,
  cosignatureMessage,
  cosignerName,
  formatNote,
  keyIdOf,
  logOrigin,
  NoteError,
  parseCheckpointBody,
  parseNote,
  parseSignatureLine,
  parseVerifierKey,
  partyOfCosigner,
  rawPublicKey,
  signatureLine,
  verifierKey,
  verifyCosignature,
} from './note.js';

// The examples of the C2SP specifications themselves (signed-note, tlog-checkpoint,
// tlog-cosignature), so that what a party keeps is read the same by any tlog tool.
const specNote =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
const specVkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const specCheckpoint =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const specCosignature =
  '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';

const rootHash = createHash('sha256').update('root').digest('hex');
const body = checkpointBody({ origin: 'jsms.audit/0123456789abcdef', treeSize: 42, rootHash });

function party() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const name = cosignerName('cso');
  return { privateKey, publicKey, name, vkey: parseVerifierKey(verifierKey(name, publicKey)) };
}

describe('signed notes (c2sp.org/signed-note)', () => {
  it("verifies the spec's example note with its verifier key", () => {
    const key = parseVerifierKey(specVkey);
    expect(key).toMatchObject({ name: 'example.com/foo', keyId: '530d903a', type: 1 });
    const note = parseNote(specNote);
    expect(note.body).toBe('This is an example message.\n');
    expect(note.signatures).toHaveLength(1);
    expect(checkSignature(note.body, note.signatures[0]!, key)).toEqual({ status: 'valid', timestamp: null });
    expect(checkSignature('This is another message.\n', note.signatures[0]!, key).status).toBe('invalid');
    expect(formatNote(note.body, note.signatures)).toBe(specNote);
  });

  it('computes key IDs as SHA-256(name || 0x0A || type || key)[:4]', () => {
    const key = parseVerifierKey(specVkey);
    expect(keyIdOf(key.name, 1, key.publicKey)).toBe('530d903a');
    expect(keyIdOf(key.name, 4, key.publicKey)).not.toBe('530d903a');
    expect(() => parseVerifierKey(specVkey.replace('530d903a', '530d903b'))).toThrow(NoteError);
    expect(() => parseVerifierKey('example.com/foo+530d903a')).toThrow(NoteError);
    expect(() => parseVerifierKey(specVkey.replace('AekyeRrm', 'A2kyeRrm'))).toThrow(NoteError);
  });

  it('reads the timestamp of the cosignature example', () => {
    const line = parseSignatureLine(specCosignature);
    expect(line.name).toBe('witness.example.com/w1');
    expect(line.keyId).toBe('8d66cf3f');
    expect(line.signature).toHaveLength(72);
    expect(line.signature.readBigUInt64BE(0)).toBe(1679315147n);
    expect(signatureLine(line)).toBe(specCosignature);
  });

  it.each([
    ['no final newline', specNote.slice(0, -1)],
    ['no blank line', specNote.replace('\n\n', '\n')],
    ['no signature', 'text\n\n'],
    ['a control character', specNote.replace('example', 'exa\u0007mple')],
    ['a carriage return', specNote.replace('message.\n', 'message.\r\n')],
    ['invalid UTF-8 replaced', specNote.replace('example', 'exa\ufffdmple')],
    ['a signature without the em dash', specNote.replace('— ', '- ')],
    ['unpadded base64', specNote.replace('aQM=', 'aQM')],
    ['a key name with a plus', specNote.replace('example.com/foo ', 'example.com/f+o ')],
  ])('refuses a note with %s', (_what, text) => {
    expect(() => parseNote(text)).toThrow(NoteError);
  });

  it('keeps blank lines inside the text, separating at the last one', () => {
    const note = parseNote(`a\n\nb\n\n${specCosignature}\n`);
    expect(note.body).toBe('a\n\nb\n');
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it("reads the spec's example and writes it back the same", () => {
    const parsed = parseCheckpointBody(specCheckpoint);
    expect(parsed).toEqual({
      origin: 'example.com/behind-the-sofa',
      treeSize: 20852163,
      rootHash: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64').toString('hex'),
    });
    expect(checkpointBody(parsed)).toBe(specCheckpoint);
  });

  it('names the log after its first entry', () => {
    expect(logOrigin('a1b2c3d4e5f60718293a4b5c6d7e8f90' + '0'.repeat(32))).toBe(
      'jsms.audit/a1b2c3d4e5f60718',
    );
    expect(parseCheckpointBody(body)).toEqual({
      origin: 'jsms.audit/0123456789abcdef',
      treeSize: 42,
      rootHash,
    });
  });

  it.each([
    ['an extension line', body + 'extra\n'],
    ['a missing newline', body.slice(0, -1)],
    ['a leading zero', body.replace('\n42\n', '\n042\n')],
    ['a negative size', body.replace('\n42\n', '\n-42\n')],
    ['a short root', body.replace(/\n[^\n]+\n$/, '\nAAAA\n')],
    ['an empty origin', body.replace(/^[^\n]+/, '')],
    ['an origin with a space', body.replace('jsms.audit', 'jsms audit')],
  ])('refuses a body with %s', (_what, text) => {
    expect(() => parseCheckpointBody(text)).toThrow(NoteError);
  });
});

describe('cosignatures (c2sp.org/tlog-cosignature, cosignature/v1)', () => {
  it('signs the header, the time and the body, and verifies with the vkey', () => {
    const p = party();
    const signature = cosign(body, p.name, p.privateKey, 1796371200);
    expect(signature.name).toBe('jsms/cso');
    expect(signature.keyId).toBe(keyIdOf('jsms/cso', 4, rawPublicKey(p.publicKey)));
    expect(signature.signature.readBigUInt64BE(0)).toBe(1796371200n);
    expect(cosignatureMessage(body, 1796371200).toString()).toBe(`cosignature/v1\ntime 1796371200\n${body}`);
    expect(checkSignature(body, signature, p.vkey)).toEqual({ status: 'valid', timestamp: 1796371200 });
    expect(verifyCosignature(body, signature, p.vkey)).toBe(true);
    // Round trip through the note text.
    const note = parseNote(formatNote(body, [signature]));
    expect(verifyCosignature(note.body, note.signatures[0]!, p.vkey)).toBe(true);
  });

  it('fails for another body, another time, or a flipped bit, and ignores other keys', () => {
    const p = party();
    const signature = cosign(body, p.name, p.privateKey, 1796371200);
    const otherBody = checkpointBody({ origin: 'jsms.audit/0123456789abcdef', treeSize: 43, rootHash });
    expect(verifyCosignature(otherBody, signature, p.vkey)).toBe(false);
    const retimed = Buffer.from(signature.signature);
    retimed.writeBigUInt64BE(1796371201n);
    expect(verifyCosignature(body, { ...signature, signature: retimed }, p.vkey)).toBe(false);
    const flipped = Buffer.from(signature.signature);
    flipped[20]! ^= 1;
    expect(checkSignature(body, { ...signature, signature: flipped }, p.vkey).status).toBe('invalid');
    const stranger = party();
    expect(checkSignature(body, signature, stranger.vkey)).toEqual({ status: 'unknown' });
    // The same key under another name is another cosigner.
    const renamed = parseVerifierKey(verifierKey('jsms/ssd', p.publicKey));
    expect(checkSignature(body, signature, renamed)).toEqual({ status: 'unknown' });
  });

  it('maps cosigner names to parties and back', () => {
    expect(partyOfCosigner(cosignerName('ssd'))).toBe('ssd');
    expect(partyOfCosigner('example.com/foo')).toBeNull();
    expect(partyOfCosigner('jsms/')).toBeNull();
  });
});
