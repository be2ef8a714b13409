import { createHash, randomBytes } from 'node:crypto';

/** Bearer secrets name their kind in a prefix, so a leaked one is recognisable in a scan. */
export type CredentialKind = 'session' | 'api_token' | 'device';

const prefixes: Record<CredentialKind, string> = { session: 'jss_', api_token: 'jsa_', device: 'jsd_' };

/** A fresh 256-bit random secret and the hash that is stored in its place. */
export function newCredential(kind: CredentialKind): { secret: string; hash: string } {
  const secret = prefixes[kind] + randomBytes(32).toString('base64url');
  return { secret, hash: hashCredential(secret) };
}

/** SHA-256 of a secret: enough for 256-bit random values, and fast to look up on every request. */
export function hashCredential(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The kind a presented secret claims, or null when it has no known prefix. */
export function kindOf(secret: string): CredentialKind | null {
  for (const [kind, prefix] of Object.entries(prefixes)) {
    if (secret.startsWith(prefix)) return kind as CredentialKind;
  }
  return null;
}
