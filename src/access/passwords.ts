import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
// `algorithm: 2` is Argon2id (the package's enum is const, which isolated modules cannot read).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** An argon2id hash in PHC string form. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** Checks a password; false for a malformed hash rather than an exception. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown username cannot be told by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('jsms-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}

const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 20 characters (about 115 bits), without look-alike characters. */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** The minimum a chosen password must meet; long passphrases over composition rules (NIST 800-63B). */
export const passwordRule = { minLength: 12, maxLength: 256 } as const;

/** A password a request carries: only bounded here, since the service holds a new one to `passwordRule`. */
export const passwordText = z.string().min(1).max(passwordRule.maxLength);
