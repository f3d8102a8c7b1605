-- The People list's filters at 1,000,000 people (docs/decisions/032-list-at-a-million.md), measured with EXPLAIN
-- ANALYZE on a million-person database. Department, location and role each get an index in the list's name order, so
-- a filtered page is a short range of one index instead of a walk along users_list_name_idx that skips 11 rows in 12;
-- the columns the list's total reads ride along (INCLUDE), so its bounded count is an index-only scan of at most
-- ROSTER_LIST_TOTAL_BOUND + 1 entries. (An index on lower(department) alone cannot answer index-only: the planner wants
-- the column itself.) The department and location indexes of migration 003 are the leading part of these: dropped.
drop index if exists users_department_idx;
drop index if exists users_location_idx;
create index users_list_department_name_idx on users (lower(department), sort_name, id) include (department, status)
  where deleted_at is null;
create index users_list_location_name_idx on users (lower(location), sort_name, id) include (location, status)
  where deleted_at is null;
create index users_list_role_name_idx on users (role, sort_name, id) include (status) where deleted_at is null;
-- People on a break are about 1 in 100: their page and count read only them.
create index users_list_on_break_name_idx on users (sort_name, id) where on_break and deleted_at is null;
-- PostgreSQL keeps no statistics for the expression of a partial index: without these the planner guesses 0.5 % of
-- the people for any department (80,000 in 1,000,000 are) and reads the whole index into a bitmap.
create statistics users_department_stats on (lower(department)) from users;
create statistics users_location_stats on (lower(location)) from users;
