-- Effective-dated changes (docs/decisions/024-lifecycle-rules.md): a change of manager, team, role or expiry
-- that the `scheduled-changes` job applies on its date, through the same use cases as a bulk action, with the
-- rights its scheduler has then. Each row is claimed FOR UPDATE SKIP LOCKED and leaves `pending` in the
-- transaction that applies it, so two processes never apply one twice.
create table scheduled_changes (
  id text primary key,
  user_id text not null references users(id) on delete cascade,
  action text not null
    check (action in ('set_manager', 'add_to_team', 'remove_from_team', 'set_role', 'set_expiry', 'clear_expiry')),
  -- The bulk-action parameters of the change (managerId, teamId, role, expiresAt).
  params jsonb not null default '{}'::jsonb,
  effective_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'applied', 'refused', 'cancelled')),
  -- Why refused at apply time: a bulk-action reason code (common/contract/bulkActions.ts), never row values.
  reason text,
  scheduled_by text references users(id) on delete set null,
  cancelled_by text references users(id) on delete set null,
  created_at timestamptz not null,
  done_at timestamptz
);
create index scheduled_changes_due_idx on scheduled_changes (effective_at) where status = 'pending';
create index scheduled_changes_user_idx on scheduled_changes (user_id, effective_at);
