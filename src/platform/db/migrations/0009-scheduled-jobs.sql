-- Issue 8, part 9: timed work as rows, so it survives restarts and runs once across instances.
-- A job is pending until an instance claims it (running), then done, or failed after its last
-- attempt. A key names work that must be pending at most once (a recurring job's next run).

create table scheduled_jobs (
  id text primary key,
  kind text not null,
  job_key text,
  payload text not null,
  due_at text not null,
  status text not null check (status in ('pending', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  claimed_by text,
  claimed_at text,
  last_error text,
  created_at text not null,
  finished_at text
);

create index scheduled_jobs_due on scheduled_jobs (status, due_at);

create unique index scheduled_jobs_pending_key on scheduled_jobs (job_key) where status = 'pending';
