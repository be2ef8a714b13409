-- Issue 9, part 1: a source that gives one figure of a toll (a single value, only a minimum or
-- only a maximum) gives it as low, best and high. Rows stored before kept the lone figure in one
-- column, so the default (best) report counted a toll given only as a maximum as nothing.

update incidents set killed_low = killed_best, killed_high = killed_best
  where killed_best is not null and killed_low is null and killed_high is null;
update incidents set killed_best = killed_low, killed_high = killed_low
  where killed_best is null and killed_low is not null and killed_high is null;
update incidents set killed_best = killed_high, killed_low = killed_high
  where killed_best is null and killed_low is null and killed_high is not null;
update incidents set killed_best = killed_low
  where killed_best is null and killed_low is not null;

update incidents set wounded_low = wounded_best, wounded_high = wounded_best
  where wounded_best is not null and wounded_low is null and wounded_high is null;
update incidents set wounded_best = wounded_low, wounded_high = wounded_low
  where wounded_best is null and wounded_low is not null and wounded_high is null;
update incidents set wounded_best = wounded_high, wounded_low = wounded_high
  where wounded_best is null and wounded_low is null and wounded_high is not null;
update incidents set wounded_best = wounded_low
  where wounded_best is null and wounded_low is not null;
