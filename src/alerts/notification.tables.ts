/** Row shapes of the notification tables, exactly as stored (migration 0024). */

export interface NotificationPreferencesRow {
  user_id: string;
  /** JSON arrays. */
  kinds: string;
  channels: string;
  email: string | null;
  quiet_from: string | null;
  quiet_to: string | null;
  time_zone: string;
  updated_at: string;
}

export interface NotificationRow {
  id: string;
  notice_id: string;
  user_id: string;
  party_id: string;
  kind: string;
  severity: string;
  title: string;
  body: string;
  subject_type: string;
  subject_id: string;
  created_at: string;
}

export interface WebhookRow {
  id: string;
  party_id: string;
  url: string;
  description: string | null;
  /** JSON array of notice kinds. */
  kinds: string;
  secret_enc: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'suppressed';

export interface NotificationDeliveryRow {
  id: string;
  notice_id: string;
  notification_id: string | null;
  user_id: string | null;
  webhook_id: string | null;
  party_id: string;
  channel: string;
  address: string | null;
  kind: string;
  severity: string;
  title: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

export interface NotificationAttemptRow {
  id: string;
  delivery_id: string;
  attempt: number;
  at: string;
  ok: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface EmailReplyTokenRow {
  token_hash: string;
  kind: string;
  ref: string;
  user_id: string;
  notice_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface NotificationTables {
  notification_preferences: NotificationPreferencesRow;
  notifications: NotificationRow;
  webhooks: WebhookRow;
  notification_deliveries: NotificationDeliveryRow;
  notification_attempts: NotificationAttemptRow;
  email_reply_tokens: EmailReplyTokenRow;
}
