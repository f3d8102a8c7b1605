-- Lifecycle rules (docs/decisions/024-lifecycle-rules.md): one row per rule, switched off until an Owner or Admin
-- has seen its preview and switches it on. The daily `lifecycle-rules` job runs each enabled rule once a day:
-- the (rule, day) key of lifecycle_rule_runs makes that exactly once whichever process gets there first. A run
-- that changes people is a bulk action started by the system (bulk_actions), so its items, results CSV and undo
-- are the bulk actions'; a reminder run records the people whose manager it reminded.
create table lifecycle_rules (
  rule text primary key
    check (rule in ('deactivate_inactive', 'anonymise_deactivated', 'delete_unaccepted_invitations', 'remind_expiry')),
  enabled boolean not null default false,
  days int not null check (days between 1 and 3650),
  updated_by text references users(id) on delete set null,
  updated_at timestamptz
);
insert into lifecycle_rules (rule, days) values
  ('deactivate_inactive', 90),
  ('anonymise_deactivated', 365),
  ('delete_unaccepted_invitations', 30),
  ('remind_expiry', 14);

create table lifecycle_rule_runs (
  id text primary key,
  rule text not null references lifecycle_rules(rule),
  -- The UTC day of a scheduled run (one per rule and day); null for an administrator's "Run now".
  day date,
  days int not null,
  started_by text references users(id) on delete set null,
  bulk_action_id text references bulk_actions(id) on delete set null,
  -- People the run selected (for a reminder run: the reports whose manager was reminded).
  selected int not null default 0,
  created_at timestamptz not null,
  unique (rule, day)
);
create index lifecycle_rule_runs_created_idx on lifecycle_rule_runs (created_at desc);

create table lifecycle_rule_run_people (
  run_id text not null references lifecycle_rule_runs(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  primary key (run_id, user_id)
);
create index lifecycle_rule_run_people_user_idx on lifecycle_rule_run_people (user_id);
