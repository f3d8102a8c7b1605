-- Ways in (issue 6): password reset, throttles for public mail-sending endpoints, self sign-up,
-- OpenID Connect sign-in. Plain PostgreSQL 15 SQL.

-- Password reset links: only the SHA-256 of the token is stored; single use, short-lived.
create table password_resets (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_user_idx on password_resets (user_id);

-- Fixed-window counters for public endpoints that send mail (per IP, per address hash).
create table request_throttle (
  key text primary key,
  hits int not null default 0,
  window_started_at timestamptz not null default now()
);

-- Self sign-up: a request exists until the address is verified (and, when required, approved).
create table signup_requests (
  id text primary key,
  email text not null,
  email_normalized text not null,
  first_name text not null default '',
  last_name text not null default '',
  password_hash text not null,
  token_hash text not null unique,
  state text not null default 'unverified'
    check (state in ('unverified', 'pending_approval', 'approved', 'declined', 'superseded')),
  user_id text references users(id) on delete set null,
  decided_by text,
  decided_at timestamptz,
  verified_at timestamptz,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index signup_requests_email_idx on signup_requests (email_normalized);
create index signup_requests_state_idx on signup_requests (state, created_at);

-- OpenID Connect: one row per sign-in attempt in flight (state, nonce and PKCE verifier), any process can finish it.
create table oidc_logins (
  state_hash text primary key,
  nonce text not null,
  code_verifier text not null,
  return_to text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

-- Which identity-provider subject belongs to which user (matched by verified email the first time).
create table user_identities (
  issuer text not null,
  subject text not null,
  user_id text not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (issuer, subject)
);
create index user_identities_user_idx on user_identities (user_id);

-- The People list filters on the delivery state of each user's newest invitation.
create index invitations_delivery_idx on invitations (delivery, user_id) where delivery in ('failed', 'bounced');
