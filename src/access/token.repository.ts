import type { Db, Tx } from '../database.js';
import { keysetPage, type Page, type PageRequest } from '../platform/paging.js';
import type { ApiTokenRow, DeviceRow } from './access.tables.js';
import { raiseAccessGeneration } from './access-generation.js';

export async function insertApiToken(tx: Tx, row: ApiTokenRow): Promise<void> {
  await tx.insertInto('api_tokens').values(row).execute();
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeApiToken(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
  await raiseAccessGeneration(tx);
}

/** Revokes every live API token of a user; returns the ids revoked. */
export async function revokeApiTokensOf(tx: Tx, userId: string, at: string): Promise<string[]> {
  const rows = await tx
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  if (rows.length > 0) await raiseAccessGeneration(tx);
  return rows.map((r) => r.id).sort();
}

export async function insertDevice(tx: Tx, row: DeviceRow): Promise<void> {
  await tx.insertInto('devices').values(row).execute();
}

/** A party's devices, one page, by id. */
export async function listDevices(
  db: Db,
  filter: PageRequest & { partyId: string },
): Promise<Page<DeviceRow>> {
  const query = db.selectFrom('devices').selectAll().where('party_id', '=', filter.partyId);
  return keysetPage(query, [{ column: 'id', kind: 'string', of: (d) => d.id }], 'asc', filter);
}

export async function findDevice(db: Db, id: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeDevice(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('devices').set({ revoked_at: at }).where('id', '=', id).execute();
  await raiseAccessGeneration(tx);
}

/** Whether an active person or unit of `partyId` has this id: what a device may report for. */
export async function hasActiveSubject(
  db: Db,
  subjectType: DeviceRow['subject_type'],
  subjectId: string,
  partyId: string,
): Promise<boolean> {
  const table = subjectType === 'person' ? 'persons' : 'units';
  const subject = await db
    .selectFrom(table)
    .select('id')
    .where('id', '=', subjectId)
    .where('party_id', '=', partyId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return subject !== undefined;
}
