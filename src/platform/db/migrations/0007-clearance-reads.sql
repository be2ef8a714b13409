-- Clearance reads (issue 7, finding 8): an audit entry may carry details, here the reason and
-- reference a clearance stated, inside its hash; and each user's hourly allowance of persons
-- disclosed by clearances, claimed atomically before anything is shown.

alter table audit_entries add column details text;

create table clearance_quotas (
  user_id text primary key,
  window_started_at text not null,
  persons integer not null
);
