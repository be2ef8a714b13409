import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { initPartyKey, trustPartyKey } from '../audit/signing-keys.js';
import { keysDirOf } from '../platform/config.js';
import { validationFailed } from '../platform/errors.js';
import { configFrom } from './config.js';
import { out } from './output.js';

const partyId = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** `jsms keys init`. */
export async function initKey(options: { party: string }, command: Command) {
  if (!partyId.test(options.party))
    throw validationFailed('party', 'A party id is lower-case letters, digits and dashes');
  const keysDir = keysDirOf(configFrom(command));
  const created = initPartyKey(keysDir, options.party);
  out(`Created signing key ${created.keyId} for party ${options.party} in ${keysDir}`);
  out(`Verifier key (give it to the other party): ${created.verifierKey}`);
}

/** `jsms keys trust`. */
export async function trustKey(options: { party: string; public: string }, command: Command) {
  if (!partyId.test(options.party))
    throw validationFailed('party', 'A party id is lower-case letters, digits and dashes');
  const keysDir = keysDirOf(configFrom(command));
  const trusted = trustPartyKey(keysDir, options.party, readFileSync(options.public, 'utf8'));
  out(`Trusted key ${trusted.keyId} of party ${options.party}: ${trusted.verifierKey}`);
}
