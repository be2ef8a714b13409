import type { Db, Tx } from '../database.js';
import { keysetPage, type Page, type PageRequest } from '../platform/paging.js';
import type {
  DeliveryStatus,
  EmailReplyTokenRow,
  NotificationAttemptRow,
  NotificationDeliveryRow,
  NotificationPreferencesRow,
  NotificationRow,
  WebhookRow,
} from './notification.tables.js';

/** SQL of the notification tables: rows in, rows out. */

export async function findPreferences(db: Db, userId: string): Promise<NotificationPreferencesRow | null> {
  const row = await db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}

export async function preferencesOf(
  db: Db,
  userIds: readonly string[],
): Promise<NotificationPreferencesRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('notification_preferences').selectAll().where('user_id', 'in', userIds).execute();
}

export async function upsertPreferences(tx: Tx, row: NotificationPreferencesRow): Promise<void> {
  const { user_id: _, ...changes } = row;
  await tx
    .insertInto('notification_preferences')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(changes))
    .execute();
}

/** The users of the parties, and the named users, with what choosing recipients needs. */
export async function candidates(db: Db, partyIds: readonly string[], userIds: readonly string[]) {
  if (partyIds.length === 0 && userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'party_id', 'roles', 'language', 'disabled_at', 'person_id', 'unit_id', 'username'])
    .where((eb) =>
      eb.or([
        ...(partyIds.length > 0 ? [eb('party_id', 'in', partyIds)] : []),
        ...(userIds.length > 0 ? [eb('id', 'in', userIds)] : []),
      ]),
    )
    .execute();
}

/** The users who are these protected persons (users.person_id). */
export async function usersOfPersons(db: Db, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('users').select('id').where('person_id', 'in', personIds).execute();
  return rows.map((r) => r.id);
}

export async function insertNotifications(tx: Tx, rows: readonly NotificationRow[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('notifications')
      .values([...rows])
      .execute();
}

export async function insertDeliveries(tx: Tx, rows: readonly NotificationDeliveryRow[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('notification_deliveries')
      .values([...rows])
      .execute();
}

export async function findDelivery(db: Db, id: string): Promise<NotificationDeliveryRow | null> {
  return (
    (await db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst()) ??
    null
  );
}

export async function findNotification(db: Db, id: string): Promise<NotificationRow | null> {
  return (await db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function updateDelivery(
  tx: Tx,
  id: string,
  changes: Partial<Pick<NotificationDeliveryRow, 'status' | 'attempts' | 'last_attempt_at' | 'delivered_at'>>,
): Promise<void> {
  await tx.updateTable('notification_deliveries').set(changes).where('id', '=', id).execute();
}

export async function insertAttempt(tx: Tx, row: NotificationAttemptRow): Promise<void> {
  await tx.insertInto('notification_attempts').values(row).execute();
}

export interface DeliveryFilter extends PageRequest {
  /** The deliveries to this user, or (with `partyId`) also every one of the party. */
  userId: string;
  partyId: string | null;
  channel?: string | undefined;
  status?: DeliveryStatus | undefined;
  kind?: string | undefined;
  recipient?: string | undefined;
  noticeId?: string | undefined;
}

/** A page of deliveries the filter's scope holds, newest first. */
export async function listDeliveries(db: Db, filter: DeliveryFilter): Promise<Page<NotificationDeliveryRow>> {
  let query = db.selectFrom('notification_deliveries').selectAll();
  const { partyId, userId } = filter;
  query = partyId
    ? query.where((eb) => eb.or([eb('party_id', '=', partyId), eb('user_id', '=', userId)]))
    : query.where('user_id', '=', userId);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.recipient) query = query.where('user_id', '=', filter.recipient);
  if (filter.noticeId) query = query.where('notice_id', '=', filter.noticeId);
  return keysetPage(
    query,
    [
      { column: 'created_at', kind: 'string', of: (r) => r.created_at },
      { column: 'id', kind: 'string', of: (r) => r.id },
    ],
    'desc',
    filter,
  );
}

export async function attemptsOf(db: Db, deliveryIds: readonly string[]): Promise<NotificationAttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom('notification_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
}

export async function insertWebhook(tx: Tx, row: WebhookRow): Promise<void> {
  await tx.insertInto('webhooks').values(row).execute();
}

export async function findWebhook(db: Db, id: string): Promise<WebhookRow | null> {
  return (await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The webhooks of the parties still in use, oldest first. */
export async function activeWebhooks(db: Db, partyIds: readonly string[]): Promise<WebhookRow[]> {
  if (partyIds.length === 0) return [];
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('party_id', 'in', partyIds)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function markWebhookDeleted(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('webhooks').set({ deleted_at: at }).where('id', '=', id).execute();
}

export async function insertReplyTokens(tx: Tx, rows: readonly EmailReplyTokenRow[]): Promise<void> {
  if (rows.length > 0)
    await tx
      .insertInto('email_reply_tokens')
      .values([...rows])
      .execute();
}

/** Marks an unused, unexpired token used; false when it was not (already used, expired, unknown). */
export async function useReplyToken(
  tx: Tx,
  tokenHash: string,
  at: string,
): Promise<EmailReplyTokenRow | null> {
  const row = await tx
    .updateTable('email_reply_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** A page of a user's own notifications, newest first. */
export async function listNotifications(
  db: Db,
  filter: PageRequest & { userId: string; kind?: string | undefined },
): Promise<Page<NotificationRow>> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', filter.userId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return keysetPage(
    query,
    [
      { column: 'created_at', kind: 'string', of: (r) => r.created_at },
      { column: 'id', kind: 'string', of: (r) => r.id },
    ],
    'desc',
    filter,
  );
}
