-- SCIM 2.0 provisioning (issue 7): HR-managed users and teams, the SCIM request log for the sync status page.

-- A user provisioned (or adopted) by SCIM is "managed by HR": the fields HR controls are listed so the
-- API refuses to change them (409 managed_by_hr) and the UI shows them read-only.
alter table users add column managed_by text check (managed_by in ('scim'));
alter table users add column hr_managed_fields jsonb not null default '[]'::jsonb;
alter table users add column deactivated_by_hr boolean not null default false;
alter table users add column external_id text;
alter table users add column scim_user_name text;
-- SCIM attributes Roster has no column for (addresses, phone numbers, display name, all emails…), returned as sent.
alter table users add column scim_extra jsonb not null default '{}'::jsonb;
-- userName is unique case-insensitively (RFC 7643 §4.1.1: caseExact false, uniqueness server) among live users.
create unique index users_scim_user_name_key on users (lower(scim_user_name)) where deleted_at is null;
-- externalId is the client's identifier: looked up (re-provisioning), not unique (RFC 7643 §3.1 gives it no uniqueness).
create index users_external_id_idx on users (external_id) where external_id is not null;
create index users_scim_managed_idx on users (created_at, id) where managed_by = 'scim' and deleted_at is null;

alter table teams add column external_id text;
alter table teams add column managed_by text check (managed_by in ('scim'));

-- One row per /scim/v2 request: the sync status page reads counts and recent errors from here.
create table scim_requests (
  id bigserial primary key,
  at timestamptz not null default now(),
  token_id text,
  method text not null,
  path text not null,
  status int not null,
  -- 'create' | 'update' | 'deactivate' | 'reactivate' | 'delete' | null (reads)
  outcome text,
  scim_type text,
  detail text
);
create index scim_requests_at_idx on scim_requests (at);
create index scim_requests_errors_idx on scim_requests (at) where status >= 400;
