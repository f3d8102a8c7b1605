-- The role ladder (docs/decisions/004-access-policy.md): who created an account and whether it ever
-- signed in decide the one exception (the creator may invite, or give a first password to, an account
-- that has never been used); sessions get an id to show and end them one by one, and where they are used.

alter table users add column if not exists created_by text references users(id) on delete set null;
-- Set whenever a session of the person's own is created (password, invitation, SSO, sign-up); never by "login as".
alter table users add column if not exists last_sign_in_at timestamptz;
-- Before this column, only a confirmed account could have signed in: treat those as used (the safe side).
update users set last_sign_in_at = confirmed_at where last_sign_in_at is null and confirmed_at is not null;

alter table sessions add column if not exists id text not null default gen_random_uuid()::text;
create unique index if not exists sessions_id_key on sessions (id);
alter table sessions add column if not exists ip text;
alter table sessions add column if not exists user_agent text;
