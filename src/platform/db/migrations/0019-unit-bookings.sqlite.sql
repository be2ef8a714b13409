-- Issue 11: escorts. A unit assigned to a movement holds it for the movement's planned window
-- (integer epoch milliseconds, half-open: one movement may start as the last ends), and no unit is
-- ever held by two movements at once. The database itself refuses the second booking, so two
-- concurrent assignments cannot both win. SQLite: triggers that abort an insert or change of an
-- active booking overlapping another (SQLite writes one transaction at a time, so the check and
-- the write cannot be split by another writer). PostgreSQL: an exclusion constraint, in the
-- .postgres.sql file of this version; the table is the same on both.

-- `active` is 1 while the booking holds the unit: assigned or accepted on a movement that has not
-- ended. A decline or release sets it to 0 and keeps the row, as the movement's record of who was
-- asked, who answered and when.
create table movement_units (
  id text primary key,
  movement_id text not null references movements (id),
  unit_id text not null references units (id),
  unit_party_id text not null references parties (id),
  status text not null check (status in ('assigned', 'accepted', 'declined', 'released')),
  assigned_by text not null references users (id),
  assigned_at text not null,
  responded_by text references users (id),
  responded_at text,
  decline_reason text,
  released_by text references users (id),
  released_at text,
  starts_ms bigint not null,
  ends_ms bigint not null,
  active integer not null default 1 check (active in (0, 1)),
  agreement_version integer,
  -- An empty window would overlap nothing: refused as on PostgreSQL.
  check (ends_ms > starts_ms),
  check (active = 0 or status in ('assigned', 'accepted'))
);

create index movement_units_movement on movement_units (movement_id, assigned_at, id);
create index movement_units_unit on movement_units (unit_id, active, starts_ms, id);

-- The message starts with `unit_booked`, which the repository recognises. Each body's `;` stays
-- off the end of its line, where the migration reader splits statements.
create trigger movement_units_no_overlap_insert
before insert on movement_units
when new.active = 1
begin
  select raise(abort, 'unit_booked: the unit is booked for an overlapping movement')
  where exists (
    select 1 from movement_units b
    where b.unit_id = new.unit_id and b.active = 1
      and b.starts_ms < new.ends_ms and new.starts_ms < b.ends_ms
  ); end;

create trigger movement_units_no_overlap_update
before update of unit_id, starts_ms, ends_ms, active on movement_units
when new.active = 1
begin
  select raise(abort, 'unit_booked: the unit is booked for an overlapping movement')
  where exists (
    select 1 from movement_units b
    where b.unit_id = new.unit_id and b.active = 1 and b.id <> new.id
      and b.starts_ms < new.ends_ms and new.starts_ms < b.ends_ms
  ); end;
