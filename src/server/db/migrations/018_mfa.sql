-- Second factors for password sign-ins (docs/decisions/013-second-factor.md).

-- One authenticator app per person. The secret must be readable to check codes, so it is stored as is;
-- confirmed_at is null while enrolment waits for the first code. last_used_step is the RFC 6238 time
-- step of the last accepted code: a code of that step or an earlier one is refused (no replay).
create table mfa_totp (
  user_id text primary key references users(id) on delete cascade,
  secret text not null,
  confirmed_at timestamptz,
  last_used_step bigint,
  created_at timestamptz not null default now()
);

-- One-time recovery codes, shown once; only their SHA-256 is kept.
create table mfa_recovery_codes (
  user_id text not null references users(id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  primary key (user_id, code_hash)
);

-- WebAuthn credentials (passkeys). id is the credential id (base64url), public_key its COSE key (base64url).
create table passkeys (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  name text not null,
  public_key text not null,
  counter bigint not null default 0,
  transports jsonb not null default '[]',
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index passkeys_user_idx on passkeys (user_id);

-- The second step of a password sign-in: a short-lived, single-use token (only its hash is kept), and the
-- WebAuthn challenge issued with it when the person has passkeys.
create table mfa_sign_ins (
  token_hash text primary key,
  user_id text not null references users(id) on delete cascade,
  webauthn_challenge text,
  expires_at timestamptz not null
);

-- The challenge of a passkey registration in progress (one at a time per person).
create table passkey_registrations (
  user_id text primary key references users(id) on delete cascade,
  challenge text not null,
  expires_at timestamptz not null
);

-- A session opened by a password alone while the organisation requires a second factor the person does
-- not have yet: it may only enrol one (src/server/http/auth.ts).
alter table sessions add column mfa_enrolment_only boolean not null default false;
