-- The counts by status above the People list (GET /users/counts) for the sign-in and engagement filters, at
-- 1,000,000 people (docs/decisions/032-list-at-a-million.md, "Counts by status"): each was a full read of the users
-- table (never signed in 775 ms, active learners 426 ms, both 194,000 buffers). Partial indexes on the status alone
-- make them index-only reads of a few hundred pages; with one key column, B-tree deduplication keeps each a few MB.
create index users_never_signed_in_idx on users (status) where deleted_at is null and last_sign_in_at is null;
create index users_learning_active_idx on users (status)
  where deleted_at is null and first_learning_activity_at is not null;
create index users_learning_inactive_idx on users (status)
  where deleted_at is null and first_learning_activity_at is null;

-- "Last signed in before" (the 90-day question): the same index as before with the status beside it, so the
-- counts read the index only.
drop index users_last_sign_in_idx;
create index users_last_sign_in_idx on users (last_sign_in_at) include (status) where deleted_at is null;
