-- A person asks for their own personal data from My profile (docs/decisions/025-hand-over-and-gdpr.md): the
-- link is mailed, its token kept only as a hash, working once and for a day; one request a day per person.
create table personal_data_requests (
  token_hash text primary key,
  user_id text not null references users(id) on delete cascade,
  requested_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index personal_data_requests_user_idx on personal_data_requests (user_id, requested_at);
