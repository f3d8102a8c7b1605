-- Teams (hierarchical, materialised path), dynamic groups with stored membership and join/leave events.

create table teams (
  id text primary key,
  name text not null,
  parent_id text references teams(id),
  -- '/rootId/…/ownId/': every descendant's path starts with this one.
  path text not null,
  join_policy text not null default 'closed' check (join_policy in ('closed', 'on_request', 'open')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index teams_sibling_name_key on teams (coalesce(parent_id, ''), lower(name));
create index teams_parent_idx on teams (parent_id);
create index teams_path_idx on teams (path text_pattern_ops);

create table team_members (
  team_id text not null references teams(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
create index team_members_user_idx on team_members (user_id);

create table team_managers (
  team_id text not null references teams(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
create index team_managers_user_idx on team_managers (user_id);

create table team_join_requests (
  id text primary key,
  team_id text not null references teams(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'approved', 'declined')),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by text
);
create unique index team_join_requests_pending_key on team_join_requests (team_id, user_id) where status = 'pending';

create table groups (
  id text primary key,
  name text not null,
  rules jsonb not null,
  -- Rules with relative dates (within_last_days) change membership as days pass: the daily sweep re-evaluates them.
  has_date_rules boolean not null default false,
  evaluated_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index groups_name_key on groups (lower(name));
create index groups_date_rules_idx on groups (evaluated_on) where has_date_rules;

create table group_members (
  group_id text not null references groups(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  since timestamptz not null default now(),
  primary key (group_id, user_id)
);
create index group_members_user_idx on group_members (user_id);

create table group_events (
  id bigserial primary key,
  group_id text not null references groups(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  kind text not null check (kind in ('join', 'leave')),
  cause text not null,
  at timestamptz not null default now()
);
create index group_events_group_idx on group_events (group_id, at, id);
create index group_events_user_idx on group_events (user_id, at, id);

-- Rule fields the preview filters on.
create index users_department_idx on users (lower(department)) where deleted_at is null;
create index users_location_idx on users (lower(location)) where deleted_at is null;
create index users_job_title_idx on users (lower(job_title)) where deleted_at is null;
create index users_hire_date_idx on users (hire_date) where deleted_at is null;
