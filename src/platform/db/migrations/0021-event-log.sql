-- Issue 12, part 7: the durable event feed every instance follows. Each event is written in the
-- transaction that caused it, numbered from one counter row that the writer updates last and holds
-- until its commit, so numbers are gap-free and in commit order: a reader at `seq` N has every
-- event up to N. Old events are purged by age (the scheduler's `event_log.purge`), oldest first.

create table event_log_head (
  id integer primary key check (id = 1),
  last_seq bigint not null
);

insert into event_log_head (id, last_seq) values (1, 0);

-- `payload` is JSON text, as in every table; `at` the time of the write that caused the event.
create table event_log (
  seq bigint primary key,
  name text not null,
  payload text not null,
  at text not null
);

create index event_log_at on event_log (at);
