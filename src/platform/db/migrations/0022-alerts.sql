-- Issue 13, parts 1 and 3: alerts and scheduled check-ins. Times are ISO text in UTC with
-- milliseconds (toISOString), so equal instants compare equal as text.

-- An alert: something that needs a human. `event_at` is the time of the fix or event that raised
-- it (device time), `raised_at` the server's. `details` and `affected` are JSON text.
create table alerts (
  id text primary key,
  rule text not null,
  subject_type text not null check (subject_type in ('person', 'unit', 'movement', 'incident')),
  subject_id text not null,
  party_id text references parties (id),
  state text not null check (state in ('open', 'acknowledged', 'resolved')),
  severity text not null check (severity in ('warning', 'alarm', 'emergency')),
  event_at text not null,
  raised_at text not null,
  lat double precision,
  lon double precision,
  details text not null,
  affected text not null,
  acknowledged_by text,
  acknowledged_at text,
  acknowledge_note text,
  resolved_by text,
  resolved_at text,
  resolve_note text,
  version integer not null
);

-- One open alert per rule and subject, whichever instance raises it: a second insert conflicts.
create unique index alerts_open_once on alerts (rule, subject_type, subject_id) where state <> 'resolved';
-- Lists, newest first, by state, rule or subject.
create index alerts_raised on alerts (raised_at, id);
create index alerts_subject on alerts (subject_type, subject_id, raised_at);

-- Per rule and subject, the latest event time evaluated (or resolved at): an older trigger, a late
-- or replayed fix, is not evaluated again, so it cannot raise an alert already dealt with.
create table alert_marks (
  rule text not null,
  subject_type text not null,
  subject_id text not null,
  evaluated_at text not null,
  primary key (rule, subject_type, subject_id)
);

-- A check-in schedule: a person or a movement must check in by each deadline. `every_minutes`
-- sets the next deadline from each check-in; `deadlines` (JSON list of times) are fixed ones, such
-- as a movement's checkpoints. `step` is how far a missed deadline has escalated: 0 none,
-- 1 reminded, 2 overdue, 3 emergency. `min_level`: deadlines count only while the subject is in
-- an area of at least that risk level (a red zone).
create table checkin_schedules (
  id text primary key,
  subject_type text not null check (subject_type in ('person', 'movement')),
  subject_id text not null,
  party_id text not null references parties (id),
  every_minutes integer,
  deadlines text not null,
  min_level integer,
  next_due_at text,
  step integer not null default 0,
  active integer not null default 1,
  created_by text not null,
  created_at text not null,
  updated_at text not null,
  version integer not null
);

-- One active schedule per subject.
create unique index checkin_schedules_active on checkin_schedules (subject_type, subject_id) where active = 1;

-- Every check-in, with the deadline it answered and whether it came late.
create table checkins (
  id text primary key,
  schedule_id text not null references checkin_schedules (id),
  checked_in_by text not null,
  checked_in_at text not null,
  due_at text,
  late integer not null,
  note text
);

create index checkins_schedule on checkins (schedule_id, checked_in_at);
