-- Analysts' manual risk zones: a polygon, a level, a reason and an expiry. A zone that lowers
-- the computed level waits (pending) until the other party signs it off.

create table risk_zones (
  id text primary key,
  party_id text not null references parties (id),
  polygon text not null,
  level integer not null check (level between 1 and 6),
  reason text not null,
  expires_at text,
  status text not null check (status in ('active', 'pending', 'withdrawn')),
  computed_level integer not null,
  created_by text not null,
  created_at text not null,
  approved_by text,
  approved_party_id text references parties (id),
  approved_at text,
  updated_at text not null
);

create index risk_zones_status on risk_zones (status);
