-- SAML 2.0 sign-in (docs/decisions/017-saml.md).
-- saml_requests: the AuthnRequests Roster sent, so a response is accepted only InResponseTo one of them, once,
-- and only with the RelayState it was sent with (its SHA-256 is stored). Rows live 10 minutes.
create table if not exists saml_requests (
  request_id text primary key,
  relay_state_hash text not null,
  return_to text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists saml_requests_expires_idx on saml_requests (expires_at);

-- saml_assertions: the ids of accepted assertions, kept until they expire. The primary key makes a replayed
-- assertion fail its insert, in every Roster process that shares the database.
create table if not exists saml_assertions (
  idp_entity_id text not null,
  assertion_id text not null,
  expires_at timestamptz not null,
  primary key (idp_entity_id, assertion_id)
);
create index if not exists saml_assertions_expires_idx on saml_assertions (expires_at);
