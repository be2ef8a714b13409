import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FieldCipher, loadEncryptionKey } from './encryption.js';

const cipher = new FieldCipher(Buffer.alloc(32, 7));

describe('FieldCipher', () => {
  it('round-trips and never stores the clear text', () => {
    const stored = cipher.encrypt('E12345678');
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain('E12345678');
    expect(cipher.decrypt(stored)).toBe('E12345678');
  });

  it('uses a fresh nonce each time', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a tampered value and a value under another key', () => {
    const stored = cipher.encrypt('+92 300 1234567');
    const parts = stored.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => cipher.decrypt([...parts.slice(0, 3), body.toString('base64url')].join('.'))).toThrow();
    expect(() => new FieldCipher(Buffer.alloc(32, 8)).decrypt(stored)).toThrow();
  });

  it('reads a record field again from the recent ones, and still refuses its tampered form', () => {
    const phone = cipher.encrypt('+92 300 7654321');
    const contact = cipher.encrypt('Li Na, wife');
    for (let read = 0; read < 2; read++) {
      expect(cipher.decryptOptional(phone)).toBe('+92 300 7654321');
      expect(cipher.decryptOptional(contact)).toBe('Li Na, wife');
    }
    const [version, nonce, tag, body] = phone.split('.');
    const otherTag = Buffer.from(tag!, 'base64url');
    otherTag[0] = otherTag[0]! ^ 1;
    expect(() =>
      cipher.decryptOptional([version, nonce, otherTag.toString('base64url'), body].join('.')),
    ).toThrow();
    expect(cipher.decryptOptional(null)).toBeNull();
  });

  it('indexes values blind to case, spaces and dashes, and differently per key', () => {
    expect(cipher.blindIndex('e1234 5678')).toBe(cipher.blindIndex('E1234-5678'));
    expect(cipher.blindIndex('E12345678')).not.toBe(
      new FieldCipher(Buffer.alloc(32, 8)).blindIndex('E12345678'),
    );
  });
});

describe('loadEncryptionKey', () => {
  it('creates a private key file once and reads it back', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'jsms-key-'));
    const first = loadEncryptionKey({ dataDir });
    expect(statSync(path.join(dataDir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(loadEncryptionKey({ dataDir })).toEqual(first);
    expect(readFileSync(path.join(dataDir, 'encryption.key'), 'utf8').trim()).toBe(first.toString('base64'));
  });

  it('takes the environment key over the file and refuses a wrong length', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(loadEncryptionKey({ dataDir: '/nonexistent', encryptionKey: key })).toEqual(Buffer.alloc(32, 1));
    expect(() => loadEncryptionKey({ dataDir: '/nonexistent', encryptionKey: 'c2hvcnQ=' })).toThrow(
      /32 bytes/,
    );
  });
});
