-- Issue 8, parts 7 and 12: registry lists page by (name, id) within the rows a caller may see.
-- The old indexes lacked the id that breaks ties, so the next page's row-value bound could not
-- be served as one index range.

drop index persons_party;
create index persons_party on persons (party_id, name, id);

drop index sites_party;
create index sites_party on sites (party_id, name, id);

drop index units_party;
create index units_party on units (party_id, call_sign, id);
