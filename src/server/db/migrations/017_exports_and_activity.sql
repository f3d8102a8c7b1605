-- Sign-in and activity (docs/decisions/012-exports-and-activity.md).
-- last_sign_in_at: set when a session is created for the person themselves (password, SSO, invitation,
-- sign-up), not for "login as". last_activity_at: moved at most once a minute per session by the
-- session-resolve path. Only last_sign_in_at is indexed (it is a list filter and changes once per
-- sign-in); an index on last_activity_at would turn its frequent updates into non-HOT ones.
alter table users add column if not exists last_sign_in_at timestamptz;
alter table users add column if not exists last_activity_at timestamptz;
create index if not exists users_last_sign_in_idx on users (last_sign_in_at) where deleted_at is null;
