-- Bulk actions as jobs (docs/api.md, "Bulk actions"): one row per bulk action, one item per person it
-- targets. The `bulk-actions` job works through the items in batches, one transaction each, moving the
-- counters in the same transaction, so a crash rolls back to the last finished batch and a resume does
-- nothing twice. Each done item keeps the person's values before and after, from which undo is built.
create table bulk_actions (
  id text primary key,
  action text not null,
  status text not null check (status in ('queued', 'running', 'done', 'failed', 'undone')),
  -- 'run', then 'undo' once an undo was asked for (the job works on whichever phase the row is in).
  phase text not null default 'run' check (phase in ('run', 'undo')),
  params jsonb not null default '{}'::jsonb,
  -- What was targeted: {"ids": n} or {"filter": {...}} (the list's query keys, no person values).
  target jsonb not null,
  -- Who runs it: the job acts with this caller's rights, loaded again when it runs.
  actor jsonb not null,
  created_by text references users(id) on delete set null,
  total int not null default 0,
  done int not null default 0,
  failed int not null default 0,
  skipped int not null default 0,
  out_of_scope int not null default 0,
  undone int not null default 0,
  undo_refused int not null default 0,
  error jsonb,
  created_at timestamptz not null,
  started_at timestamptz,
  completed_at timestamptz,
  undo_requested_at timestamptz,
  undone_at timestamptz,
  lease_owner text,
  lease_until timestamptz
);
create index bulk_actions_created_idx on bulk_actions (created_at desc);
create index bulk_actions_pending_idx on bulk_actions (status) where status in ('queued', 'running');

create table bulk_action_items (
  bulk_action_id text not null references bulk_actions(id) on delete cascade,
  seq int not null,
  user_id text not null,
  state text not null default 'pending' check (state in ('pending', 'done', 'skipped', 'failed')),
  undo_state text check (undo_state in ('pending', 'undone', 'refused')),
  -- Why skipped, failed or refused: a reason code (common/contract/bulkActions.ts), never row values.
  reason text,
  -- The person's values the action changes, before and after it (undo compares and restores them).
  before jsonb,
  after jsonb,
  primary key (bulk_action_id, seq)
);
create index bulk_action_items_pending_idx on bulk_action_items (bulk_action_id, seq) where state = 'pending';
create index bulk_action_items_undo_idx on bulk_action_items (bulk_action_id, seq) where undo_state = 'pending';
create index bulk_action_items_user_idx on bulk_action_items (user_id);
