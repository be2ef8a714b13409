-- Issue 11: escorts. A unit assigned to a movement holds it for the movement's planned window
-- (integer epoch milliseconds, half-open: one movement may start as the last ends), and no unit is
-- ever held by two movements at once. The database itself refuses the second booking, so two
-- concurrent assignments cannot both win. PostgreSQL: an exclusion constraint over the window
-- (btree_gist gives the text column its `=` under GiST). SQLite: a trigger, in the .sqlite.sql
-- file of this version; the table is the same on both.

-- Installed where the connection's schema is; a server that lacks it (it ships with Debian's
-- postgresql package) fails here, naming the extension.
create extension if not exists btree_gist;

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
  -- An empty window would overlap nothing and slip past the constraint.
  check (ends_ms > starts_ms),
  check (active = 0 or status in ('assigned', 'accepted')),
  constraint movement_units_no_overlap exclude using gist (
    unit_id with =,
    int8range(starts_ms, ends_ms) with &&
  ) where (active = 1)
);

create index movement_units_movement on movement_units (movement_id, assigned_at, id);
create index movement_units_unit on movement_units (unit_id, active, starts_ms, id);
