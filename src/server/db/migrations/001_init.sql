-- Roster's base schema. Plain PostgreSQL 15 SQL: it runs on PGlite (PostgreSQL 18) and on a server.

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table users (
  id text primary key,
  email text,
  email_normalized text,
  first_name text not null default '',
  last_name text not null default '',
  role text not null default 'learner'
    check (role in ('owner', 'admin', 'hr', 'reporter', 'learning_designer', 'curator', 'learner')),
  status text not null
    check (status in ('not_invited', 'invite_scheduled', 'invite_pending', 'confirmed', 'deactivated', 'expired', 'anonymised')),
  status_before_deactivation text,
  status_before_expiry text,
  manager_id text references users(id) on delete set null,
  job_title text,
  department text,
  location text,
  phone text,
  language text,
  time_zone text,
  hire_date date,
  employee_id text,
  photo_url text,
  on_break boolean not null default false,
  break_until timestamptz,
  expires_at timestamptz,
  invited_at timestamptz,
  invite_scheduled_at timestamptz,
  confirmed_at timestamptz,
  first_learning_activity_at timestamptz,
  custom_fields jsonb not null default '{}'::jsonb,
  password_hash text,
  password_changed_at timestamptz,
  pseudonym text,
  anonymised_at timestamptz,
  deleted_at timestamptz,
  deleted_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Opaque ordering key used by list sorting; keeps name sorting index-friendly.
  sort_name text generated always as (lower(last_name || ' ' || first_name)) stored
);
-- Emails are unique case-insensitively, deleted users included (their email is reserved until purge).
create unique index users_email_normalized_key on users (email_normalized);
create unique index users_employee_id_key on users (employee_id);
create index users_manager_idx on users (manager_id);
create index users_list_name_idx on users (sort_name, id) where deleted_at is null;
create index users_list_status_name_idx on users (status, sort_name, id) where deleted_at is null;
create index users_list_created_idx on users (created_at, id) where deleted_at is null;
create index users_deleted_idx on users (deleted_at) where deleted_at is not null;
create index users_expires_idx on users (expires_at) where expires_at is not null;
create index users_invite_scheduled_idx on users (invite_scheduled_at) where status = 'invite_scheduled';
create index users_break_until_idx on users (break_until) where break_until is not null;

create table status_history (
  id bigserial primary key,
  user_id text not null references users(id) on delete cascade,
  from_status text,
  to_status text not null,
  event text not null,
  actor_id text,
  at timestamptz not null default now()
);
create index status_history_user_idx on status_history (user_id, at);

create table custom_fields (
  key text primary key,
  label text not null,
  type text not null check (type in ('text', 'number', 'date', 'boolean', 'single_select', 'multi_select')),
  options jsonb not null default '[]'::jsonb,
  filterable boolean not null default false,
  is_unique boolean not null default false,
  visible_in_directory boolean not null default false,
  editable_by_user boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Values of custom fields marked unique, normalised; the unique index makes concurrent writers safe.
create table custom_field_unique_values (
  field_key text not null references custom_fields(key) on delete cascade,
  value_normalized text not null,
  user_id text not null references users(id) on delete cascade,
  primary key (field_key, value_normalized)
);
create index custom_field_unique_values_user_idx on custom_field_unique_values (user_id);

create table invitations (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  token_hash text not null unique,
  sent_by text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  state text not null default 'active' check (state in ('active', 'used', 'revoked')),
  revoked_reason text,
  used_at timestamptz,
  delivery text not null default 'queued' check (delivery in ('queued', 'sent', 'failed', 'bounced', 'cancelled')),
  delivery_error text,
  delivered_at timestamptz
);
create index invitations_user_idx on invitations (user_id, created_at);

create table sessions (
  id_hash text primary key,
  user_id text not null references users(id) on delete cascade,
  csrf_token text not null,
  impersonator_id text references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id text primary key,
  name text not null,
  token_hash text not null unique,
  scopes jsonb not null,
  created_by text not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table login_attempts (
  key text primary key,
  failures int not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id text,
  actor_type text not null default 'user',
  impersonator_id text,
  action text not null,
  target_type text,
  target_id text,
  before jsonb,
  after jsonb,
  ip text,
  request_id text,
  cause text
);
create index audit_log_at_idx on audit_log (at, id);
create index audit_log_target_idx on audit_log (target_id, at);
create index audit_log_actor_idx on audit_log (actor_id, at);

create table outbox (
  id text primary key,
  user_id text references users(id) on delete cascade,
  to_address text not null,
  kind text not null,
  category text not null default 'notification' check (category in ('invitation', 'security', 'notification')),
  subject text not null,
  text_body text not null,
  html_body text,
  invitation_id text references invitations(id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped')),
  attempts int not null default 0,
  last_error text,
  send_after timestamptz not null default now(),
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_due_idx on outbox (send_after) where status = 'pending';
create index outbox_user_idx on outbox (user_id);

-- The built-in mailbox: what would have been sent when no SMTP server is configured.
create table mailbox (
  id text primary key,
  outbox_id text,
  user_id text references users(id) on delete cascade,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  sent_at timestamptz not null default now()
);
create index mailbox_sent_idx on mailbox (sent_at desc);
