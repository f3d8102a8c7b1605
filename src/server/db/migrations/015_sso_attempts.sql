-- The recent single sign-on attempts, for the sign-in settings page (docs/decisions/010-single-sign-on.md).
-- The email is stored masked (j***@example.com), never in full; tokens and secrets are never stored.
-- Only the newest rows are kept (oidc.ts trims on insert). Identities stay in user_identities (migration 004),
-- whose primary key (issuer, subject) already makes a provider subject belong to one person only.
create table if not exists sso_attempts (
  id bigserial primary key,
  at timestamptz not null default now(),
  outcome text not null check (outcome in ('signed_in', 'refused')),
  reason text not null,
  message text not null,
  email_masked text
);
create index if not exists sso_attempts_at_idx on sso_attempts (at desc);
