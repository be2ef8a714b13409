-- Issue 8, part 12: each server instance checks credentials from memory. This counter is raised in
-- the transaction of every change that can end or narrow a credential (a revoked token or device,
-- an ended session, a changed or disabled user); an instance reads it on each request and forgets
-- what it remembered when it has moved, so a revocation on any instance counts on the next request.

create table access_generation (
  id integer primary key check (id = 1),
  value bigint not null
);

insert into access_generation (id, value) values (1, 0);
