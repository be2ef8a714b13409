-- Issue 9, part 10: the period report reads maintained counts instead of every incident.
-- `incident_rollups` holds, per month and per combination of everything a report groups or
-- filters by, the sums of the incidents in it; the incidents' writes keep it in step in their own
-- transaction (rollup.repository.ts). Names a source leaves out are '' here, so that the key has no
-- NULL (a NULL never conflicts, and the sums must land on one row). Each toll is summed as each
-- estimate counts it: the estimate's own figure, else the best, else zero.

create table incident_rollups (
  month text not null,
  province text not null,
  district text not null,
  type text not null,
  perpetrator text not null,
  opponent text not null,
  target text not null,
  status text not null,
  dated text not null,
  placed text not null,
  dataset text not null,
  incidents integer not null,
  killed_low integer not null,
  killed_best integer not null,
  killed_high integer not null,
  wounded_low integer not null,
  wounded_best integer not null,
  wounded_high integer not null,
  kidnapped integer not null,
  killed_civilians integer not null,
  killed_security integer not null,
  killed_militants integer not null,
  killed_foreign integer not null,
  killed_unknown integer not null,
  killed_unattributed_low integer not null,
  killed_unattributed_best integer not null,
  killed_unattributed_high integer not null,
  wounded_civilians integer not null,
  wounded_security integer not null,
  wounded_militants integer not null,
  wounded_foreign integer not null,
  wounded_unknown integer not null,
  wounded_unattributed_low integer not null,
  wounded_unattributed_best integer not null,
  wounded_unattributed_high integer not null,
  killed_reported integer not null,
  wounded_reported integer not null,
  primary key (month, province, district, type, perpetrator, opponent, target, status, dated, placed, dataset)
);

-- Rows an edit emptied, found without scanning the table.
create index incident_rollups_empty on incident_rollups (month) where incidents = 0;

-- The deadliest incidents of a period by the best estimate (the default), in the order the report
-- lists them: the report walks it from the top instead of sorting the period's incidents. The low
-- and high estimates sort the period: an index each would cost every import more than they save.
create index incidents_deadliest_best on incidents ((coalesce(killed_best, 0)) desc, date, id);

-- The incidents stored before, counted once.
insert into incident_rollups
select
  substr(date, 1, 7),
  coalesce(province, ''),
  coalesce(district, ''),
  type,
  coalesce(perpetrator, ''),
  coalesce(opponent, ''),
  coalesce(target, ''),
  status,
  case when date_precision in ('month', 'year') then date_precision else 'day' end,
  case when geo_precision = 'country' then 'country' else 'place' end,
  case when source_key like 'ucdp:%' then 'ucdp' when source_key like 'acled:%' then 'acled'
    when source_key like 'gtd:%' then 'gtd' when source_key is null then 'recorded' else 'imported' end,
  count(*),
  sum(coalesce(killed_low, killed_best, 0)),
  sum(coalesce(killed_best, 0)),
  sum(coalesce(killed_high, killed_best, 0)),
  sum(coalesce(wounded_low, wounded_best, 0)),
  sum(coalesce(wounded_best, 0)),
  sum(coalesce(wounded_high, wounded_best, 0)),
  sum(coalesce(kidnapped, 0)),
  sum(coalesce(killed_civilians, 0)),
  sum(coalesce(killed_security, 0)),
  sum(coalesce(killed_militants, 0)),
  sum(coalesce(killed_foreign, 0)),
  sum(coalesce(killed_unknown, 0)),
  sum(case when coalesce(killed_low, killed_best, 0) > (coalesce(killed_civilians, 0) + coalesce(killed_security, 0) + coalesce(killed_militants, 0) + coalesce(killed_unknown, 0))
    then coalesce(killed_low, killed_best, 0) - (coalesce(killed_civilians, 0) + coalesce(killed_security, 0) + coalesce(killed_militants, 0) + coalesce(killed_unknown, 0)) else 0 end),
  sum(case when coalesce(killed_best, 0) > (coalesce(killed_civilians, 0) + coalesce(killed_security, 0) + coalesce(killed_militants, 0) + coalesce(killed_unknown, 0))
    then coalesce(killed_best, 0) - (coalesce(killed_civilians, 0) + coalesce(killed_security, 0) + coalesce(killed_militants, 0) + coalesce(killed_unknown, 0)) else 0 end),
  sum(case when coalesce(killed_high, killed_best, 0) > (coalesce(killed_civilians, 0) + coalesce(killed_security, 0) + coalesce(killed_militants, 0) + coalesce(killed_unknown, 0))
    then coalesce(killed_high, killed_best, 0) - (coalesce(killed_civilians, 0) + coalesce(killed_security, 0) + coalesce(killed_militants, 0) + coalesce(killed_unknown, 0)) else 0 end),
  sum(coalesce(wounded_civilians, 0)),
  sum(coalesce(wounded_security, 0)),
  sum(coalesce(wounded_militants, 0)),
  sum(coalesce(wounded_foreign, 0)),
  sum(coalesce(wounded_unknown, 0)),
  sum(case when coalesce(wounded_low, wounded_best, 0) > (coalesce(wounded_civilians, 0) + coalesce(wounded_security, 0) + coalesce(wounded_militants, 0) + coalesce(wounded_unknown, 0))
    then coalesce(wounded_low, wounded_best, 0) - (coalesce(wounded_civilians, 0) + coalesce(wounded_security, 0) + coalesce(wounded_militants, 0) + coalesce(wounded_unknown, 0)) else 0 end),
  sum(case when coalesce(wounded_best, 0) > (coalesce(wounded_civilians, 0) + coalesce(wounded_security, 0) + coalesce(wounded_militants, 0) + coalesce(wounded_unknown, 0))
    then coalesce(wounded_best, 0) - (coalesce(wounded_civilians, 0) + coalesce(wounded_security, 0) + coalesce(wounded_militants, 0) + coalesce(wounded_unknown, 0)) else 0 end),
  sum(case when coalesce(wounded_high, wounded_best, 0) > (coalesce(wounded_civilians, 0) + coalesce(wounded_security, 0) + coalesce(wounded_militants, 0) + coalesce(wounded_unknown, 0))
    then coalesce(wounded_high, wounded_best, 0) - (coalesce(wounded_civilians, 0) + coalesce(wounded_security, 0) + coalesce(wounded_militants, 0) + coalesce(wounded_unknown, 0)) else 0 end),
  count(killed_best),
  count(wounded_best)
from incidents
where true
group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
