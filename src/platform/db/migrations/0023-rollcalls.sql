-- Issue 13, part 2: roll-calls. Each asks everyone expected in an area whether they are safe; the
-- expected set is a snapshot taken at the start, each subject with why it was expected. Answers,
-- corroborating fixes and escalation waves are kept beside it.

create table rollcalls (
  id text primary key,
  -- The party whose coordinator started it; null when an incident started it.
  party_id text references parties (id),
  kind text not null check (kind in ('area', 'site', 'movement', 'incident')),
  -- The area asked, as JSON text (a polygon, a circle or a corridor).
  area text not null,
  site_id text references sites (id),
  movement_id text references movements (id),
  incident_id text references incidents (id),
  question text not null,
  -- The escalation plan, as JSON text: [{ kind, afterMinutes }].
  waves text not null,
  status text not null check (status in ('open', 'closed')),
  started_by text not null,
  started_at text not null,
  closes_at text not null,
  closed_at text,
  closed_by text
);

-- An incident starts one roll-call at most, however often it is revised.
create unique index rollcalls_incident on rollcalls (incident_id) where incident_id is not null;
create index rollcalls_started on rollcalls (started_at);

create table rollcall_subjects (
  rollcall_id text not null references rollcalls (id),
  subject_type text not null check (subject_type in ('person', 'unit')),
  subject_id text not null,
  party_id text not null references parties (id),
  -- Why expected, as JSON text: ["fix", "site", "manifest"].
  reasons text not null,
  site_id text,
  movement_id text,
  -- What was tapped; the person sees it again as is, even under duress.
  answer text check (answer in ('safe', 'need_help')),
  duress integer not null default 0,
  answered_at text,
  answered_via text check (answered_via in ('app', 'api', 'link', 'email', 'staff')),
  answered_by text,
  corroborated_at text,
  -- The one-time link: its token encrypted (for the message that carries it) and its blind index.
  link_enc text not null,
  link_index text not null,
  link_used_at text,
  primary key (rollcall_id, subject_type, subject_id)
);

create unique index rollcall_subjects_link on rollcall_subjects (link_index);
create index rollcall_subjects_subject on rollcall_subjects (subject_type, subject_id);

create table rollcall_waves (
  rollcall_id text not null references rollcalls (id),
  wave integer not null,
  kind text not null check (kind in ('reminder', 'lead', 'coordinators')),
  due_at text not null,
  ran_at text,
  -- Who was told and about whom, as JSON text.
  recipients text,
  silent text,
  primary key (rollcall_id, wave)
);

-- A person's answer PIN and duress PIN, argon2id hashes like passwords.
create table rollcall_pins (
  person_id text primary key references persons (id),
  pin_hash text not null,
  duress_hash text not null,
  updated_at text not null
);
