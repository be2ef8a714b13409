import type { Db } from '../database.js';
import { readTogether } from '../platform/db/read-together.js';
import { readAccessGeneration } from './access-generation.js';
import type { DeviceActor, UserActor } from './actor.js';
import type { User } from './user.repository.js';

/** A credential found live, and until when that finding may stand in for a lookup. */
export interface Found {
  actor: UserActor | DeviceActor;
  /** The user a session or API token acts as, as read with it. */
  user: User | null;
  /** Epoch milliseconds: its expiry, or its idle limit, or when its last-seen time is due a write. */
  until: number;
}

// Far more than the credentials in use at once; past it the oldest is forgotten first.
const maxRemembered = 10_000;

/**
 * The credentials this instance found live, by the hash of their secret. A remembered one is used
 * only while the access generation (see access-generation.ts) is the one it was found under, so a
 * revocation on any instance sharing the database counts from the next request; the generation is
 * read once per request, before the credential, so a change committed between the two reads is
 * seen by the next request's read at the latest.
 */
export function credentialMemory(db: Db) {
  let current = -1;
  const found = new Map<string, Found>();
  const readGeneration = readTogether(() => readAccessGeneration(db));
  return {
    /** Reads the generation; forgets everything when it has moved. Returns it, for `recall` and `remember`. */
    async generation(): Promise<number> {
      const now = await readGeneration();
      if (now > current) {
        found.clear();
        current = now;
      }
      return now;
    },
    /** What `hash` was found to be, if under `generation` and still before its `until`. */
    recall(hash: string, generation: number, at: number): Found | undefined {
      if (generation !== current) return undefined;
      const known = found.get(hash);
      return known && at < known.until ? known : undefined;
    },
    remember(hash: string, generation: number, entry: Found): void {
      if (generation !== current) return;
      if (found.size >= maxRemembered) found.delete(found.keys().next().value!);
      found.set(hash, entry);
    },
  };
}
