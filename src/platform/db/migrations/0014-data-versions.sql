-- Issue 8, part 12: a counter per table whose rows answers are made from, raised in the
-- transaction of every write to that table. An instance that keeps an answer keeps it under the
-- counters it read first, and serves it only while they have not moved: any write to the table,
-- on any instance or from the command line, counts from the next request.

create table data_versions (
  name text primary key,
  value bigint not null
);

insert into data_versions (name, value) values ('parties', 0);
insert into data_versions (name, value) values ('persons', 0);
insert into data_versions (name, value) values ('sites', 0);
insert into data_versions (name, value) values ('units', 0);
