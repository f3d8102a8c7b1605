-- Each user's own place in the reporting line: manager_path || id || '/'. "The actor and everyone
-- below them" is then ONE prefix match (line_path like '<actor line_path>%') instead of
-- "id = actor or manager_path like …", which PostgreSQL can only answer with a BitmapOr and a heap
-- visit per row. With status included and the live-users predicate, a manager's People-list total
-- is an index-only scan, like an Admin's (bench/access.ts: the count went from ~12 ms to ~3 ms for
-- 5,000 reports in 100,000 users).
alter table users add column line_path text generated always as (manager_path || id || '/') stored;
create index users_line_path_idx on users (line_path text_pattern_ops) include (status) where deleted_at is null;
