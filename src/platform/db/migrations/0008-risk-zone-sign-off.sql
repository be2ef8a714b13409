-- Issue 7, finding 1: a zone records why it waits for the other party's sign-off (extreme: level 6,
-- which forbids movement; lowers: below the grid's level; wide: raises the level over a large area)
-- and its area. A level-6 zone in force that no other party signed off goes back to pending: from
-- now on every level-6 zone that counts has both parties' assent.

alter table risk_zones add column sign_off text;

alter table risk_zones add column area_km2 double precision;

update risk_zones set sign_off = 'lowers' where status = 'pending';

update risk_zones set status = 'pending', sign_off = 'extreme' where status = 'active' and level = 6 and approved_by is null;
