import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../platform/errors.js';
import { ensurePrivateDir } from '../platform/private-files.js';

/**
 * Each party's Ed25519 checkpoint key lives in files outside the database, so that whoever can
 * rewrite the database cannot also re-sign it: `<party>.key` (private) and `<party>.pub`, both mode 0600.
 */
export function keyPaths(keysDir: string, partyId: string) {
  return {
    privateKey: path.join(keysDir, `${partyId}.key`),
    publicKey: path.join(keysDir, `${partyId}.pub`),
  };
}

/** Creates a party's key pair; refuses to replace an existing one. Returns the public key PEM. */
export function initPartyKey(keysDir: string, partyId: string): { publicKeyPem: string; keyId: string } {
  const paths = keyPaths(keysDir, partyId);
  if (existsSync(paths.privateKey)) {
    throw new AppError('conflict', `A key for party ${partyId} already exists at ${paths.privateKey}`);
  }
  ensurePrivateDir(keysDir);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(paths.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  // Owner-only like everything in the data directory; the operator hands the public key out.
  writeFileSync(paths.publicKey, publicKeyPem, { mode: 0o600, flag: 'wx' });
  return { publicKeyPem, keyId: keyIdOf(publicKeyPem) };
}

/** True when this server holds the party's private key. */
export function hasPartyKey(keysDir: string, partyId: string): boolean {
  return existsSync(keyPaths(keysDir, partyId).privateKey);
}

/** The party's public key from the key directory, or null when none is there. */
export function readPublicKey(keysDir: string, partyId: string): string | null {
  const file = keyPaths(keysDir, partyId).publicKey;
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** Parties whose public key is in the key directory: their signatures are required and checked. */
export function listTrustedParties(keysDir: string): string[] {
  if (!existsSync(keysDir)) return [];
  return readdirSync(keysDir)
    .filter((f) => f.endsWith('.pub'))
    .map((f) => f.slice(0, -'.pub'.length))
    .sort();
}

/** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its DER form. */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Signs with the party's private key; base64 signature and the public key that checks it. */
export function signAsParty(keysDir: string, partyId: string, message: Buffer) {
  const paths = keyPaths(keysDir, partyId);
  if (!existsSync(paths.privateKey)) {
    throw new AppError('signing_key_missing', `This server holds no signing key for party ${partyId}`, {
      hint: `jsms keys init --party ${partyId}`,
    });
  }
  const privateKey = createPrivateKey(readFileSync(paths.privateKey));
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    signature: sign(null, message, privateKey).toString('base64'),
    publicKeyPem,
    keyId: keyIdOf(publicKeyPem),
  };
}

/** Checks an Ed25519 signature; false for any malformed key or signature. */
export function verifySignature(message: Buffer, publicKeyPem: string, signature: string): boolean {
  try {
    return verify(null, message, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
