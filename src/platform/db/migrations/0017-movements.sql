-- Issue 11: movements. A movement is a party's request to move persons by road, its risk
-- assessment, the approvals the agreement requires, and its execution. Times are ISO text; the
-- route and the latest assessment are JSON text. `version` counts changes, so a client can tell
-- that what it shows is stale. Escort bookings come in their own migration (each back end
-- enforces them its own way).

create table movements (
  id text primary key,
  party_id text not null references parties (id),
  state text not null check (state in ('draft', 'submitted', 'approved', 'rejected', 'ready',
    'underway', 'arrived', 'aborted', 'cancelled')),
  purpose text not null,
  origin_site_id text references sites (id),
  origin_lat double precision not null,
  origin_lon double precision not null,
  destination_site_id text references sites (id),
  destination_lat double precision not null,
  destination_lon double precision not null,
  route text not null,
  corridor_m integer not null,
  planned_departure text not null,
  planned_arrival text not null,
  vehicles text not null,
  risk_level integer,
  assessment text,
  assessed_at text,
  requested_by text not null references users (id),
  agreement_version integer,
  departed_at text,
  arrived_at text,
  ended_reason text,
  debrief text,
  version integer not null default 1,
  is_demo integer not null default 0,
  created_at text not null,
  updated_at text not null
);

create index movements_party_state on movements (party_id, state, planned_departure, id);
create index movements_state_departure on movements (state, planned_departure, id);

-- Who travels. The planned window is copied here so that "is this person on another movement
-- then?" is one indexed range query.
create table movement_passengers (
  movement_id text not null references movements (id),
  person_id text not null references persons (id),
  starts_at text not null,
  ends_at text not null,
  active integer not null default 1,
  primary key (movement_id, person_id)
);

create index movement_passengers_person on movement_passengers (person_id, active, starts_at);

create table movement_checkpoints (
  movement_id text not null references movements (id),
  position integer not null,
  name text not null,
  lat double precision not null,
  lon double precision not null,
  planned_at text not null,
  passed_at text,
  passed_by text references users (id),
  primary key (movement_id, position)
);

-- Each approval or veto, with the assessment it answered. A re-assessment that raises the
-- requirement marks the earlier approvals superseded: kept in the history, no longer counted.
-- A break-glass approval waits for the other party's review until reviewed_at is set.
create table movement_approvals (
  id text primary key,
  movement_id text not null references movements (id),
  party_id text not null references parties (id),
  party_kind text not null check (party_kind in ('host', 'partner')),
  decided_by text not null references users (id),
  decision text not null check (decision in ('approved', 'rejected')),
  reason text,
  break_glass integer not null default 0,
  superseded integer not null default 0,
  agreement_version integer not null,
  decided_at text not null,
  review_due_at text,
  reviewed_by text references users (id),
  reviewed_at text,
  review_note text
);

create index movement_approvals_movement on movement_approvals (movement_id, decided_at);
create index movement_approvals_review on movement_approvals (break_glass, reviewed_at, review_due_at);

-- The movement's timeline as both parties read it: every transition, approval, assessment and
-- assignment, with who, when and the agreement version. `seq` orders one movement's entries.
create table movement_history (
  movement_id text not null references movements (id),
  seq integer not null,
  at text not null,
  kind text not null,
  from_state text,
  to_state text,
  actor_id text,
  party_id text references parties (id),
  agreement_version integer,
  details text,
  primary key (movement_id, seq)
);
