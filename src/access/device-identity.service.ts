import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import type { DeviceActor } from './actor.js';
import { credentialMemory } from './credential-memory.js';
import { foundDevice } from './device-found.js';
import { findDeviceById } from './session.repository.js';

/** Why a topic names no device that may report: each is a label of the dropped-message counter. */
export type DeviceRefusal = 'unknown_device' | 'other_party' | 'revoked';

export type DeviceIdentity = { device: DeviceActor } | { refused: DeviceRefusal };

/**
 * The registered device an MQTT topic `owntracks/<partyId>/<deviceId>` names. The broker checked
 * the phone's secret and its ACL let it publish only under its own device id, so the id is the
 * identity; the party level must be the device's own. Live devices are remembered like
 * credentials (credential-memory.ts): one read of the access generation per message, which every
 * revocation raises, so a revoked device is refused from its next message, on every instance.
 */
export function deviceIdentityService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  // Its own memory, by device id: the same rule of forgetting as the tokens' (by secret hash).
  const memory = credentialMemory(db);

  return {
    /** The device a topic's party and device levels name, or why none may report there. */
    async resolve(partyId: string, deviceId: string): Promise<DeviceIdentity> {
      const generation = await memory.generation();
      const now = clock.now();
      const known = memory.recall(deviceId, generation, now.getTime())?.actor;
      if (known?.type === 'device')
        return known.partyId === partyId ? { device: known } : { refused: 'other_party' };
      const row = await findDeviceById(db, deviceId);
      if (!row) return { refused: 'unknown_device' };
      if (row.revoked_at !== null) return { refused: 'revoked' };
      if (row.party_id !== partyId) return { refused: 'other_party' };
      // It reported: its last-seen time moves, as for a report over HTTP.
      const found = await foundDevice(db, row, now);
      memory.remember(deviceId, generation, found);
      return { device: found.actor as DeviceActor };
    },

    /** The party of a live (registered, not revoked) device, to address a command to it; null if none. */
    async partyOf(deviceId: string): Promise<string | null> {
      const row = await findDeviceById(db, deviceId);
      return row && row.revoked_at === null ? row.party_id : null;
    },
  };
}

export type DeviceIdentityService = ReturnType<typeof deviceIdentityService>;
