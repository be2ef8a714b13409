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
import { AppError, validationFailed } from '../platform/errors.js';
import { ensurePrivateDir } from '../platform/private-files.js';
import {
  cosignerName,
  NoteError,
  parseVerifierKey,
  partyOfCosigner,
  rawPublicKey,
  verifierKey,
} from './note.js';

/**
 * Each party's Ed25519 signing key lives in files outside the database: `<party>.key` (private,
 * mode 0600) and `<party>.pub`. A server's key directory holds the private key of its own party
 * only, and the public keys of the others (`jsms keys trust`): each party signs on its own machine,
 * so whoever runs one server cannot sign for the other party.
 */
export function keyPaths(keysDir: string, partyId: string) {
  return {
    privateKey: path.join(keysDir, `${partyId}.key`),
    publicKey: path.join(keysDir, `${partyId}.pub`),
  };
}

/** Creates a party's key pair; refuses to replace an existing one. Returns the public key and its vkey. */
export function initPartyKey(
  keysDir: string,
  partyId: string,
): { publicKeyPem: string; keyId: string; verifierKey: string } {
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
  writeFileSync(paths.publicKey, publicKeyPem, { mode: 0o600, flag: 'wx' });
  return {
    publicKeyPem,
    keyId: keyIdOf(publicKeyPem),
    verifierKey: verifierKey(cosignerName(partyId), publicKey),
  };
}

/**
 * Stores another party's public key, given as a PEM file or its verifier key (vkey), so that this
 * server checks that party's signatures. Refuses to replace a different key already trusted.
 */
export function trustPartyKey(
  keysDir: string,
  partyId: string,
  text: string,
): { keyId: string; verifierKey: string } {
  const publicKeyPem = publicKeyFromText(partyId, text);
  const paths = keyPaths(keysDir, partyId);
  const existing = readPublicKey(keysDir, partyId);
  if (existing !== null && rawPublicKey(existing).equals(rawPublicKey(publicKeyPem)) === false) {
    throw new AppError(
      'conflict',
      `Another public key for party ${partyId} is already trusted at ${paths.publicKey}`,
    );
  }
  if (existing === null) {
    ensurePrivateDir(keysDir);
    writeFileSync(paths.publicKey, publicKeyPem, { mode: 0o600, flag: 'wx' });
  }
  return { keyId: keyIdOf(publicKeyPem), verifierKey: verifierKey(cosignerName(partyId), publicKeyPem) };
}

/** A PEM public key from a PEM text or from the party's vkey; names the problem otherwise. */
function publicKeyFromText(partyId: string, text: string): string {
  if (text.includes('-----BEGIN')) {
    try {
      const key = createPublicKey(text);
      rawPublicKey(key);
      return key.export({ type: 'spki', format: 'pem' }).toString();
    } catch {
      throw validationFailed('public', 'The file is not an Ed25519 public key');
    }
  }
  try {
    const vkey = parseVerifierKey(text);
    if (partyOfCosigner(vkey.name) !== partyId) {
      throw validationFailed(
        'public',
        `The verifier key is named ${vkey.name}, not ${cosignerName(partyId)}`,
      );
    }
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: vkey.publicKey.toString('base64url') };
    return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  } catch (error) {
    if (error instanceof NoteError) {
      throw validationFailed('public', `Not a PEM public key nor a verifier key: ${error.message}`);
    }
    throw error;
  }
}

/** Parties with a file of this suffix (`.key`, `.pub`) in the key directory. */
function partiesWithFile(keysDir: string, suffix: string): string[] {
  if (!existsSync(keysDir)) return [];
  return readdirSync(keysDir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
}

/** Parties whose private key is in the key directory. */
export function partiesWithPrivateKeys(keysDir: string): string[] {
  return partiesWithFile(keysDir, '.key');
}

/**
 * The parties this server signs as: its own, whose private key alone is in the key directory.
 * More than one party's private key means one operator could sign for both sides, which defeats
 * co-signing: refused (503 signing_keys_misplaced), except in the demo, which holds both.
 */
export function serverSigningParties(keysDir: string, options: { demo: boolean }): string[] {
  const parties = partiesWithPrivateKeys(keysDir);
  if (parties.length > 1 && !options.demo) {
    throw new AppError(
      'signing_keys_misplaced',
      `The key directory ${keysDir} holds the private keys of ${parties.join(' and ')}: a server holds its own party's key only. Move the other party's key to that party's machine and trust its public key (jsms keys trust).`,
      { parties },
    );
  }
  return parties;
}

/** The private key of a party this server signs as. */
export function readPrivateKey(keysDir: string, partyId: string) {
  return createPrivateKey(readFileSync(keyPaths(keysDir, partyId).privateKey));
}

/** Every party's trusted public key in the key directory, by party. */
export function trustedKeys(keysDir: string): Map<string, string> {
  return new Map(listTrustedParties(keysDir).map((p) => [p, readPublicKey(keysDir, p)!]));
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
  return partiesWithFile(keysDir, '.pub');
}

/** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its DER form. */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/**
 * Signs as a party this server signs as (its own; both in the demo); base64 signature and the
 * public key that checks it. Refuses a party whose key this server must not hold.
 */
export function signAsParty(keysDir: string, options: { demo: boolean }, partyId: string, message: Buffer) {
  if (!serverSigningParties(keysDir, options).includes(partyId)) {
    throw new AppError('signing_key_missing', `This server holds no signing key for party ${partyId}`, {
      hint: `jsms keys init --party ${partyId}`,
    });
  }
  const privateKey = readPrivateKey(keysDir, partyId);
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
