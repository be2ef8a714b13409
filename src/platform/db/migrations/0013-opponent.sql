-- Issue 9, part 5: both sides of an event. `perpetrator` keeps one side (ACLED actor1, UCDP
-- side_a); `opponent` keeps the other (ACLED actor2, UCDP side_b). Rows stored before have no
-- second side to fill in: their accounts never carried one.

alter table incidents add column opponent text;
