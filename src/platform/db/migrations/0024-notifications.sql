-- Issue 13, part 4: notifications. Each user's preferences; every notice as each recipient was
-- shown it; every delivery (in-app, e-mail, webhook) and each of its attempts; the parties'
-- webhook endpoints (their secrets encrypted at rest, as they must be read back to sign); and the
-- one-time tokens of e-mail reply addresses (only their hashes).

create table notification_preferences (
  user_id text primary key references users (id),
  -- JSON arrays: the kinds of notice wanted, and the channels (in_app, email).
  kinds text not null,
  channels text not null,
  email text,
  -- Quiet hours as HH:MM on the user's clock, both or neither; an SOS is never silenced.
  quiet_from text,
  quiet_to text,
  -- An IANA time zone (Asia/Karachi) or a UTC offset (+05:00).
  time_zone text not null,
  updated_at text not null
);

create table notifications (
  id text primary key,
  notice_id text not null,
  user_id text not null references users (id),
  party_id text not null,
  kind text not null,
  severity text not null,
  title text not null,
  body text not null,
  subject_type text not null,
  subject_id text not null,
  created_at text not null
);

create index notifications_user on notifications (user_id, created_at, id);

create table webhooks (
  id text primary key,
  party_id text not null references parties (id),
  url text not null,
  description text,
  kinds text not null,
  secret_enc text not null,
  created_by text not null,
  created_at text not null,
  deleted_at text
);

create index webhooks_party on webhooks (party_id);

create table notification_deliveries (
  id text primary key,
  notice_id text not null,
  notification_id text references notifications (id),
  -- The recipient: a user (in-app, e-mail) or a party's webhook.
  user_id text references users (id),
  webhook_id text references webhooks (id),
  party_id text not null,
  channel text not null,
  address text,
  kind text not null,
  severity text not null,
  title text not null,
  -- pending, delivered, failed, or suppressed (by a preference; `reason` says which).
  status text not null,
  reason text,
  attempts integer not null,
  created_at text not null,
  last_attempt_at text,
  delivered_at text
);

create index notification_deliveries_user on notification_deliveries (user_id, created_at, id);
create index notification_deliveries_party on notification_deliveries (party_id, created_at, id);

create table notification_attempts (
  id text primary key,
  delivery_id text not null references notification_deliveries (id),
  attempt integer not null,
  at text not null,
  ok integer not null,
  status_code integer,
  error text,
  duration_ms integer not null
);

create index notification_attempts_delivery on notification_attempts (delivery_id, attempt);

create table email_reply_tokens (
  token_hash text primary key,
  kind text not null,
  ref text not null,
  user_id text not null references users (id),
  notice_id text not null,
  created_at text not null,
  expires_at text not null,
  used_at text
);
