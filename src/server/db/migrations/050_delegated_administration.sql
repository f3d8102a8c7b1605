-- Delegated administration (docs/decisions/031-delegated-administration.md).
-- 1. A grant may be limited to a dynamic group instead of a team (exactly one limit, or none).
alter table permission_grants add column group_id text references groups(id) on delete cascade;
alter table permission_grants add constraint permission_grants_one_limit check (team_id is null or group_id is null);
drop index permission_grants_unique;
create unique index permission_grants_unique
  on permission_grants (user_id, permission, coalesce(team_id, ''), coalesce(group_id, ''));

-- 2. Named permission profiles (a bundle of grantable permissions), assigned to people with an optional limit.
create table permission_profiles (
  id text primary key,
  name text not null,
  description text not null default '',
  permissions text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index permission_profiles_name on permission_profiles (lower(name));

create table profile_assignments (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  profile_id text not null references permission_profiles(id) on delete cascade,
  team_id text,
  group_id text references groups(id) on delete cascade,
  assigned_by text,
  created_at timestamptz not null default now(),
  check (team_id is null or group_id is null)
);
create unique index profile_assignments_unique
  on profile_assignments (user_id, profile_id, coalesce(team_id, ''), coalesce(group_id, ''));
create index profile_assignments_profile_idx on profile_assignments (profile_id);

-- 3. THE effective grants of a person: their own grants and what their profiles bundle, each with its limit.
-- The session, the policy, the UI's abilities and the list's visibility all read this view.
create view effective_grants as
  select g.user_id, g.permission, g.team_id, g.group_id, null::text as profile_id
    from permission_grants g
  union all
  select a.user_id, p.permission, a.team_id, a.group_id, a.profile_id
    from profile_assignments a
    join permission_profiles pp on pp.id = a.profile_id
    cross join lateral unnest(pp.permissions) as p(permission);
