-- Access: permission grants (optionally limited to a team) and notes on profiles.

create table permission_grants (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  permission text not null,
  team_id text,
  granted_by text,
  created_at timestamptz not null default now()
);
create unique index permission_grants_unique on permission_grants (user_id, permission, coalesce(team_id, ''));

create table notes (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  author_id text references users(id) on delete set null,
  body text not null,
  created_at timestamptz not null default now()
);
create index notes_user_idx on notes (user_id, created_at);
