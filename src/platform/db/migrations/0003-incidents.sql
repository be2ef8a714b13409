-- The threat picture: incidents, each party's account of them, and their sources.
-- `incidents` holds the reconciled values that reports and the risk grid read; every party's own
-- account is kept in `incident_accounts`, one row per revision, never overwritten.

create table incidents (
  id text primary key,
  source_key text unique,
  dedupe_key text not null,
  date text not null,
  date_precision text not null check (date_precision in ('day', 'week', 'month', 'year')),
  province text,
  district text,
  place text,
  lat double precision,
  lon double precision,
  geo_precision text check (geo_precision in ('exact', 'place', 'district', 'province', 'country')),
  h3_cell text,
  type text not null,
  sub_type text,
  perpetrator text,
  claimed integer,
  target text,
  killed_civilians integer,
  killed_security integer,
  killed_militants integer,
  killed_foreign integer,
  killed_unknown integer,
  killed_best integer,
  killed_low integer,
  killed_high integer,
  wounded_civilians integer,
  wounded_security integer,
  wounded_militants integer,
  wounded_foreign integer,
  wounded_unknown integer,
  wounded_best integer,
  wounded_low integer,
  wounded_high integer,
  kidnapped integer,
  status text not null check (status in ('reported', 'confirmed', 'disputed', 'denied')),
  status_statement text,
  description text,
  accounts integer not null,
  is_demo integer not null default 0,
  created_at text not null,
  updated_at text not null
);

create index incidents_date on incidents (date);
create index incidents_province_date on incidents (province, date);
create index incidents_dedupe on incidents (dedupe_key);
create index incidents_h3 on incidents (h3_cell);

create table incident_accounts (
  id text primary key,
  incident_id text not null references incidents (id),
  party_id text not null references parties (id),
  revision integer not null,
  body text not null,
  created_by text not null,
  created_at text not null,
  superseded_at text,
  unique (incident_id, party_id, revision)
);

create index incident_accounts_incident on incident_accounts (incident_id);
