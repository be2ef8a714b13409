-- Issue 11: a user may be linked to the protected person they are (role person) or to the unit they
-- command (role commander), so that each sees the movements that concern them: a person those they
-- travel on, a commander those of their unit. Null: linked to neither.

alter table users add column person_id text references persons (id);
alter table users add column unit_id text references units (id);
