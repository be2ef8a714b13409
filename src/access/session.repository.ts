import type { Db, Tx } from '../database.js';
import type { DeviceRow, SessionRow } from './access.tables.js';
import { raiseAccessGeneration } from './access-generation.js';

export async function insertSession(tx: Tx, row: SessionRow): Promise<void> {
  await tx.insertInto('sessions').values(row).execute();
}

export async function touchSession(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function updateSession(tx: Tx, id: string, changes: Partial<SessionRow>): Promise<void> {
  await tx.updateTable('sessions').set(changes).where('id', '=', id).execute();
  await raiseAccessGeneration(tx);
}

/** Ends every open session of a user but `keep` (the one making the change). */
export async function endSessionsOf(tx: Tx, userId: string, at: string, keep: string | null): Promise<void> {
  let query = tx
    .updateTable('sessions')
    .set({ ended_at: at })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (keep) query = query.where('id', '!=', keep);
  await query.execute();
  await raiseAccessGeneration(tx);
}

export async function touchApiToken(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function findDeviceByHash(db: Db, hash: string) {
  return devicesWithPartyKind(db).where('token_hash', '=', hash).executeTakeFirst();
}

/** A device by id, with its party's kind: the device an MQTT topic names (the broker checked the secret). */
export async function findDeviceById(db: Db, id: string) {
  return devicesWithPartyKind(db).where('devices.id', '=', id).executeTakeFirst();
}

function devicesWithPartyKind(db: Db) {
  return db
    .selectFrom('devices')
    .innerJoin('parties', 'parties.id', 'devices.party_id')
    .selectAll('devices')
    .select('parties.kind as party_kind');
}

export type DeviceWithPartyKind = NonNullable<Awaited<ReturnType<typeof findDeviceByHash>>>;

export async function touchDevice(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('devices').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export type { DeviceRow };
