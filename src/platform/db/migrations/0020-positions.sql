-- Issue 12: positions reported by devices. A fix is identified by its device and the time the
-- device took it, so a fix the app resends (OwnTracks retries for weeks) is stored once. Times are
-- ISO text in UTC with milliseconds, always written by toISOString(), so equal instants compare equal.
-- `attributes` is JSON text: whatever else the app sent. The subject and party are copied from the
-- device when the fix arrives, so history stays with the person or unit the device reported for.

create table positions (
  device_id text not null references devices (id),
  fix_at text not null,
  subject_type text not null check (subject_type in ('person', 'unit')),
  subject_id text not null,
  party_id text not null references parties (id),
  lat double precision not null,
  lon double precision not null,
  accuracy_m double precision,
  altitude_m double precision,
  speed_kmh double precision,
  heading_deg double precision,
  battery_pct double precision,
  charging integer,
  sos integer not null default 0,
  attributes text not null,
  received_at text not null,
  primary key (device_id, fix_at)
);

-- A subject's track for replay, and its latest fix when the live picture is rebuilt at start.
create index positions_subject_fix on positions (subject_type, subject_id, fix_at);
-- The retention purge removes the oldest first.
create index positions_fix_at on positions (fix_at);

-- How often a device is expected to report, in seconds: past it the subject is stale (or silent,
-- during a movement). Phones on HTTP never say they went offline, so silence is the only sign.
alter table devices add column report_interval_s integer not null default 300;
