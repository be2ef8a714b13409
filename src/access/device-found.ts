import type { Db } from '../database.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { DeviceActor } from './actor.js';
import type { Found } from './credential-memory.js';
import { type DeviceWithPartyKind, touchDevice } from './session.repository.js';

// Writing last-seen on every request would turn every read into a write; a minute is precise enough.
export const touchEveryMs = 60_000;

/**
 * A live device as the credential memory keeps it: its actor, remembered until its last-seen time
 * is due a write. Whoever checked its secret (a token over HTTP, the broker over MQTT) calls this.
 */
export async function foundDevice(db: Db, device: DeviceWithPartyKind, now: Date): Promise<Found> {
  let lastSeen = device.last_seen_at ? new Date(device.last_seen_at).getTime() : null;
  if (lastSeen === null || now.getTime() - lastSeen > touchEveryMs) {
    await inTransaction(db, (tx) => touchDevice(tx, device.id, now.toISOString()));
    lastSeen = now.getTime();
  }
  const actor: DeviceActor = {
    type: 'device',
    id: device.id,
    partyId: device.party_id,
    partyKind: device.party_kind,
    subjectType: device.subject_type,
    subjectId: device.subject_id,
    reportIntervalS: device.report_interval_s,
  };
  return { actor, user: null, until: lastSeen + touchEveryMs };
}
