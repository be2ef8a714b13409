import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, privateFileMode } from './private-files.js';

/** How many decrypted record fields are kept: a few pages of every list in use, about a megabyte. */
const recentFields = 10_000;

/**
 * Field encryption at rest: AES-256-GCM with a random 96-bit nonce per value, so the database
 * file never holds the clear text. Stored form: `v1.<nonce>.<tag>.<ciphertext>`, base64url parts.
 * A keyed HMAC of the normalised value (the blind index) allows exact-match lookup without
 * decrypting every row.
 */
export class FieldCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;
  /**
   * Record fields decrypted lately, by their stored form (nonce and tag included, so equal stored
   * text is the same authenticated value): a page of 50 persons read again and again would
   * otherwise build 50 deciphers a request, a sixth of its time. Bounded; the oldest goes first.
   * It keeps nothing the process could not decrypt anyway, as it holds the key.
   */
  private readonly recent = new Map<string, string>();

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The encryption key must be 32 bytes');
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'jsms field encryption v1', 32),
    );
    this.indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'jsms blind index v1', 32));
  }

  encrypt(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', nonce, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string): string {
    const [version, nonce, tag, body] = stored.split('.');
    if (version !== 'v1' || !nonce || !tag || body === undefined) throw new Error('not an encrypted field');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** Encrypts a value that may be absent. */
  encryptOptional(plain: string | null | undefined): string | null {
    return plain === null || plain === undefined || plain === '' ? null : this.encrypt(plain);
  }

  /** A record field that may be absent, from the recently decrypted ones where it is among them. */
  decryptOptional(stored: string | null): string | null {
    if (stored === null) return null;
    let plain = this.recent.get(stored);
    if (plain === undefined) {
      plain = this.decrypt(stored);
      if (this.recent.size >= recentFields) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(stored, plain);
    }
    return plain;
  }

  /** The blind index of a value: case, spaces and dashes do not matter. */
  blindIndex(value: string): string {
    return createHmac('sha256', this.indexKey)
      .update(value.toUpperCase().replace(/[\s-]/g, ''))
      .digest('hex');
  }
}

/** Whether a stored value is the cipher's form rather than clear text left by an older version. */
export function isEncrypted(stored: string): boolean {
  return /^v1\.[\w-]+\.[\w-]+\.[\w-]*$/.test(stored);
}

/** Where the master key is kept when it is not given in the environment. */
export function encryptionKeyFileOf(dataDir: string): string {
  return path.join(dataDir, 'encryption.key');
}

/**
 * The master key: `JSMS_ENCRYPTION_KEY` (32 bytes, base64) when set, else `<data dir>/encryption.key`,
 * created with mode 0600 on first use. Lose it and the encrypted fields are lost: back it up apart
 * from the database.
 */
export function loadEncryptionKey(options: { dataDir: string; encryptionKey?: string | undefined }): Buffer {
  if (options.encryptionKey) {
    const key = Buffer.from(options.encryptionKey, 'base64');
    if (key.length !== 32) throw new Error('JSMS_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = encryptionKeyFileOf(options.dataDir);
  if (!existsSync(file)) {
    ensurePrivateDir(options.dataDir);
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: privateFileMode, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
