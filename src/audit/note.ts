import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * The audit log's checkpoints in the formats of the C2SP transparency-log specifications, so
 * that what a party signs and keeps is a standard artefact any tlog tool can read:
 * - c2sp.org/tlog-checkpoint: the note body (origin, tree size, base64 root hash);
 * - c2sp.org/signed-note: the body followed by signature lines `— <name> base64(keyID || sig)`;
 * - c2sp.org/tlog-cosignature: cosignature/v1, a timestamped Ed25519 signature (type 0x04).
 * Pure: no I/O and no clock; the caller passes the timestamp.
 */

/** Raised for any text that is not a well-formed note, body, signature or key. */
export class NoteError extends Error {
  override name = 'NoteError';
}

/** Signature type bytes of c2sp.org/signed-note. */
export const signatureTypes = { ed25519: 0x01, cosignatureV1: 0x04 } as const;

/** The log's name: fixed by its first entry, so a log rebuilt from genesis is another log. */
export function logOrigin(firstEntryHash: string): string {
  return `jsms.audit/${firstEntryHash.slice(0, 16)}`;
}

/** The cosigner name a party signs under. */
export function cosignerName(partyId: string): string {
  return `jsms/${partyId}`;
}

/** The party a cosigner name stands for, or null when it is not one of ours. */
export function partyOfCosigner(name: string): string | null {
  return name.startsWith('jsms/') && name.length > 'jsms/'.length ? name.slice('jsms/'.length) : null;
}

export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** Hex, as everywhere else in the API; the body carries it in base64. */
  rootHash: string;
}

/** The checkpoint's note text: three lines, each ending in a newline. */
export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.treeSize}\n${Buffer.from(c.rootHash, 'hex').toString('base64')}\n`;
}

/** Reads a checkpoint body, strictly: no extension lines, canonical size and base64. */
export function parseCheckpointBody(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length !== 4 || lines[3] !== '') {
    throw new NoteError('a checkpoint body is three lines, each ending in a newline');
  }
  const [origin, size, root] = lines as [string, string, string];
  if (!isKeyName(origin)) throw new NoteError('the origin line is empty or holds a space or a plus');
  if (!/^(0|[1-9]\d{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteError('the tree size is not a decimal number without leading zeroes');
  }
  const hash = strictBase64(root);
  if (hash?.length !== 32) throw new NoteError('the root hash is not 32 bytes of base64');
  return { origin, treeSize: Number(size), rootHash: hash.toString('hex') };
}

export interface NoteSignature {
  name: string;
  /** The 4-byte key ID, as 8 hex digits. */
  keyId: string;
  /** What follows the key ID: for a cosignature, the timestamp and the Ed25519 signature. */
  signature: Buffer;
}

/** The signature line of a note, without its newline. */
export function signatureLine(s: NoteSignature): string {
  return `— ${s.name} ${Buffer.concat([Buffer.from(s.keyId, 'hex'), s.signature]).toString('base64')}`;
}

/** Parses one signature line (without its newline). */
export function parseSignatureLine(line: string): NoteSignature {
  const match = /^— (\S+) (\S+)$/u.exec(line);
  if (!match) throw new NoteError('a signature line is "— <name> <base64>"');
  const [, name, encoded] = match as unknown as [string, string, string];
  if (!isKeyName(name)) throw new NoteError('a key name may not hold a plus');
  const bytes = strictBase64(encoded);
  if (!bytes || bytes.length < 5) throw new NoteError('a signature is base64 of a key ID and a signature');
  return { name, keyId: bytes.subarray(0, 4).toString('hex'), signature: bytes.subarray(4) };
}

/** At least the 16 the spec asks for; more is a note nobody needs. */
const maxSignatures = 32;

/** A note: its text and its signature lines. */
export function formatNote(body: string, signatures: readonly NoteSignature[]): string {
  return `${body}\n${signatures.map((s) => `${signatureLine(s)}\n`).join('')}`;
}

/** Splits a signed note at its last blank line, c2sp.org/signed-note, and parses its signatures. */
export function parseNote(text: string): { body: string; signatures: NoteSignature[] } {
  // Any control character but newline is refused, and so is U+FFFD, what invalid UTF-8 decodes to.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f\ufffd]/u.test(text)) {
    throw new NoteError('a note may hold no control characters and must be valid UTF-8');
  }
  if (!text.endsWith('\n')) throw new NoteError('a note ends with a newline');
  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a note has a blank line between its text and its signatures');
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || lines[0] === '') throw new NoteError('a note carries at least one signature');
  if (lines.length > maxSignatures) throw new NoteError(`a note carries at most ${maxSignatures} signatures`);
  return { body, signatures: lines.map(parseSignatureLine) };
}

/** A verifier's view of one key: c2sp.org/signed-note's vkey, parsed. */
export interface VerifierKey {
  name: string;
  keyId: string;
  type: number;
  /** The 32-byte Ed25519 public key. */
  publicKey: Buffer;
}

/** The raw 32-byte Ed25519 public key of a PEM or key object. */
export function rawPublicKey(key: string | KeyObject): Buffer {
  const object = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  if (object.asymmetricKeyType !== 'ed25519') throw new NoteError('the key is not an Ed25519 key');
  return Buffer.from(object.export({ format: 'jwk' }).x!, 'base64url');
}

/** SHA-256(name || 0x0A || type || public key)[:4], as 8 hex digits. */
export function keyIdOf(name: string, type: number, publicKey: Buffer): string {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.of(0x0a, type))
    .update(publicKey)
    .digest()
    .subarray(0, 4)
    .toString('hex');
}

/** The vkey string `<name>+<hex key ID>+base64(type || public key)` of a cosigner. */
export function verifierKey(name: string, publicKey: string | KeyObject | Buffer): string {
  const raw = Buffer.isBuffer(publicKey) ? publicKey : rawPublicKey(publicKey);
  const type = signatureTypes.cosignatureV1;
  return `${name}+${keyIdOf(name, type, raw)}+${Buffer.concat([Buffer.of(type), raw]).toString('base64')}`;
}

/** Parses a vkey; the key ID must be the one its name and key give. */
export function parseVerifierKey(text: string): VerifierKey {
  // The name holds no plus and the key ID is hex; base64 may hold pluses of its own.
  const match = /^([^+]+)\+([^+]+)\+(.+)$/su.exec(text.trim());
  if (!match) throw new NoteError('a verifier key is <name>+<key ID>+<base64 key>');
  const [, name, keyId, encoded] = match as unknown as [string, string, string, string];
  if (!isKeyName(name)) throw new NoteError('the key name is empty or holds a space');
  const bytes = strictBase64(encoded);
  if (!bytes || bytes.length !== 33) throw new NoteError('the key is not a type byte and 32 bytes');
  const type = bytes[0]!;
  if (type !== signatureTypes.ed25519 && type !== signatureTypes.cosignatureV1) {
    throw new NoteError(`signature type 0x${type.toString(16).padStart(2, '0')} is not supported`);
  }
  const publicKey = bytes.subarray(1);
  if (!/^[0-9a-f]{8}$/.test(keyId) || keyIdOf(name, type, publicKey) !== keyId) {
    throw new NoteError('the key ID does not match the name and key');
  }
  return { name, keyId, type, publicKey };
}

/** The message a cosignature/v1 signs: a header, the time, and the checkpoint body. */
export function cosignatureMessage(body: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`, 'utf8');
}

/** Cosigns a checkpoint body as `name` at `timestamp` (POSIX seconds). */
export function cosign(body: string, name: string, privateKey: KeyObject, timestamp: number): NoteSignature {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new NoteError('the timestamp is not a time');
  const raw = rawPublicKey(privateKey);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, cosignatureMessage(body, timestamp), privateKey);
  return {
    name,
    keyId: keyIdOf(name, signatureTypes.cosignatureV1, raw),
    signature: Buffer.concat([time, signature]),
  };
}

export type SignatureCheck =
  | { status: 'valid'; timestamp: number | null }
  | { status: 'invalid'; reason: string }
  /** Another key's signature: the spec says to ignore it. */
  | { status: 'unknown' };

/** Checks one note signature over `body` against a vkey (Ed25519, or cosignature/v1). */
export function checkSignature(body: string, signature: NoteSignature, key: VerifierKey): SignatureCheck {
  if (signature.name !== key.name || signature.keyId !== key.keyId) return { status: 'unknown' };
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url') },
    format: 'jwk',
  });
  if (key.type === signatureTypes.ed25519) {
    if (signature.signature.length !== 64) return { status: 'invalid', reason: 'not 64 bytes' };
    const ok = verify(null, Buffer.from(body, 'utf8'), publicKey, signature.signature);
    return ok ? { status: 'valid', timestamp: null } : { status: 'invalid', reason: 'does not verify' };
  }
  if (signature.signature.length !== 72) return { status: 'invalid', reason: 'not a timestamped signature' };
  const time = signature.signature.readBigUInt64BE(0);
  if (time > BigInt(Number.MAX_SAFE_INTEGER))
    return { status: 'invalid', reason: 'its time is out of range' };
  const timestamp = Number(time);
  const ok = verify(null, cosignatureMessage(body, timestamp), publicKey, signature.signature.subarray(8));
  return ok ? { status: 'valid', timestamp } : { status: 'invalid', reason: 'does not verify' };
}

/** True when a cosignature over `body` verifies with the vkey. */
export function verifyCosignature(body: string, signature: NoteSignature, key: VerifierKey): boolean {
  return key.type === signatureTypes.cosignatureV1 && checkSignature(body, signature, key).status === 'valid';
}

function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** Standard padded base64 that re-encodes to itself, or null. */
function strictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
