-- Core platform: parties, accounts, sessions, tokens, devices, login throttling, audit chain.
-- Times are ISO-8601 UTC text (sortable, identical on both back ends); flags are 0/1 integers.

create table parties (
  id text primary key,
  name text not null,
  kind text not null check (kind in ('host', 'partner')),
  is_demo integer not null default 0,
  created_at text not null
);

-- A deployment has exactly one host party.
create unique index parties_one_host on parties (kind) where kind = 'host';

create table users (
  id text primary key,
  party_id text not null references parties (id),
  username text not null unique,
  display_name text not null,
  roles text not null,
  password_hash text not null,
  totp_secret text,
  totp_pending_secret text,
  totp_last_step bigint,
  disabled_at text,
  is_demo integer not null default 0,
  created_at text not null,
  updated_at text not null
);

create index users_party on users (party_id);

create table sessions (
  id text primary key,
  user_id text not null references users (id),
  created_at text not null,
  last_seen_at text not null,
  expires_at text not null,
  second_factor_ok integer not null,
  client_address text,
  ended_at text
);

create index sessions_user on sessions (user_id);

create table api_tokens (
  id text primary key,
  user_id text not null references users (id),
  name text not null,
  token_hash text not null unique,
  created_at text not null,
  expires_at text,
  last_used_at text,
  revoked_at text
);

create index api_tokens_user on api_tokens (user_id);

create table devices (
  id text primary key,
  party_id text not null references parties (id),
  subject_type text not null check (subject_type in ('person', 'unit')),
  subject_id text not null,
  name text not null,
  token_hash text not null unique,
  created_at text not null,
  last_seen_at text,
  revoked_at text
);

create index devices_party on devices (party_id);

create table login_attempts (
  key text primary key,
  failures integer not null,
  first_failure_at text not null,
  last_failure_at text not null
);

create table audit_entries (
  seq bigint primary key,
  at text not null,
  actor_type text not null,
  actor_id text,
  party_id text,
  action text not null,
  entity_type text not null,
  entity_id text,
  fields text not null,
  prev_hash text not null,
  hash text not null
);

create index audit_entries_party on audit_entries (party_id, seq);
create index audit_entries_entity on audit_entries (entity_type, entity_id);

-- One row: the next sequence number and the last hash. Writers update it first, which
-- serialises appends on PostgreSQL and lets verify notice entries cut off the end.
create table audit_head (
  id integer primary key check (id = 1),
  next_seq bigint not null,
  last_hash text not null
);

insert into audit_head (id, next_seq, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table audit_checkpoints (
  tree_size bigint primary key,
  root_hash text not null,
  created_at text not null
);

create table audit_signatures (
  tree_size bigint not null references audit_checkpoints (tree_size),
  party_id text not null references parties (id),
  key_id text not null,
  public_key text not null,
  signature text not null,
  signed_at text not null,
  signed_by text not null,
  primary key (tree_size, party_id)
);
