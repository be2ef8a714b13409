-- The joint agreement (versions, signatures) and the registry of sites, persons and units.

create table agreement_versions (
  version integer primary key,
  source text not null,
  document text not null,
  hash text not null,
  status text not null check (status in ('proposed', 'in_force', 'superseded', 'withdrawn')),
  proposed_by text not null,
  proposed_party_id text not null references parties (id),
  proposed_at text not null,
  in_force_at text,
  superseded_at text
);

-- Exactly one version is in force.
create unique index agreement_versions_one_in_force on agreement_versions (status) where status = 'in_force';

create table agreement_signatures (
  version integer not null references agreement_versions (version),
  party_id text not null references parties (id),
  user_id text not null,
  signed_at text not null,
  key_id text,
  key_signature text,
  primary key (version, party_id)
);

create table sites (
  id text primary key,
  party_id text not null references parties (id),
  name text not null,
  kind text not null check (kind in ('project', 'camp', 'residence', 'office', 'base', 'other')),
  lat double precision not null,
  lon double precision not null,
  perimeter text,
  protection_level integer not null check (protection_level between 1 and 6),
  city text,
  active integer not null default 1,
  is_demo integer not null default 0,
  created_at text not null,
  updated_at text not null
);

create index sites_party on sites (party_id, name);

-- Passport, phone and emergency contact are AES-256-GCM ciphertext; passport_index is a keyed
-- HMAC for exact lookup.
create table persons (
  id text primary key,
  party_id text not null references parties (id),
  name text not null,
  native_name text,
  nationality text not null,
  passport_enc text,
  passport_index text,
  employer text,
  phone_enc text,
  emergency_contact_enc text,
  blood_group text,
  site_id text references sites (id),
  status text not null check (status in ('in_country', 'away')),
  active integer not null default 1,
  is_demo integer not null default 0,
  created_at text not null,
  updated_at text not null
);

create index persons_party on persons (party_id, name);
create index persons_passport on persons (passport_index);
create index persons_site on persons (site_id);

create table units (
  id text primary key,
  party_id text not null references parties (id),
  kind text not null check (kind in ('armed_escort', 'static_guard', 'close_protection', 'liaison')),
  call_sign text not null,
  strength integer not null check (strength >= 0),
  vehicles integer not null check (vehicles >= 0),
  armoured_vehicles integer not null check (armoured_vehicles >= 0 and armoured_vehicles <= vehicles),
  weapons text,
  base_site_id text references sites (id),
  status text not null check (status in ('available', 'deployed', 'off_duty')),
  agreement_version integer not null,
  active integer not null default 1,
  is_demo integer not null default 0,
  created_at text not null,
  updated_at text not null
);

create index units_party on units (party_id, call_sign);
