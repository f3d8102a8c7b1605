-- CSV imports (issue 4): one row per uploaded file, its rows staged with their planned action.
-- Preview writes only here; commit applies staged rows to users chunk by chunk, each chunk marking
-- its rows in the same transaction, so a crash never half-applies a row and a resume goes on.

create table imports (
  id text primary key,
  state text not null check (state in ('previewing', 'previewed', 'committing', 'completed', 'failed', 'cancelled')),
  file_name text not null,
  -- The uploaded bytes: the preview job (and a resumed preview after a crash) parses them again.
  file bytea not null,
  options jsonb not null,
  encoding text not null,
  delimiter text not null,
  warnings jsonb not null default '[]'::jsonb,
  error jsonb,
  progress_done int not null default 0,
  progress_total int not null default 0,
  -- Commit cursor: every create/update row with seq <= commit_seq has been applied (or failed, with
  -- its own outcome). Moved in the same transaction as the chunk it ends, so a resume continues here.
  commit_seq int not null default -1,
  counts jsonb not null default '{}'::jsonb,
  -- Who runs it: the job acts with this caller's rights, loaded again when it runs.
  actor jsonb not null,
  created_by text references users(id) on delete set null,
  created_by_name text not null default '',
  created_at timestamptz not null default now(),
  committed_at timestamptz,
  completed_at timestamptz,
  -- Job claim: a process works on an import while it holds an unexpired lease.
  lease_owner text,
  lease_until timestamptz
);
create index imports_created_idx on imports (created_at desc);
create index imports_pending_idx on imports (state) where state in ('previewing', 'committing');

create table import_rows (
  import_id text not null references imports(id) on delete cascade,
  line int not null,
  -- Commit order: managers created by the file come before the people who report to them.
  -- outcome is written only when the commit differs from the preview (a conflict, a changed diff);
  -- otherwise a row below the import's commit_seq was applied as previewed.
  seq int not null,
  -- 0, or 1 + the depth of the row creating this row's manager: a commit chunk holds one depth only.
  depth int not null default 0,
  data jsonb not null,
  action text not null check (action in ('create', 'update', 'unchanged', 'skip', 'error')),
  errors jsonb not null default '[]'::jsonb,
  changes jsonb not null default '{}'::jsonb,
  user_id text,
  email text,
  name text,
  outcome text check (outcome in ('applied', 'failed')),
  primary key (import_id, line)
);
create index import_rows_todo_idx on import_rows (import_id, seq) where action in ('create', 'update');
create index import_rows_action_idx on import_rows (import_id, action, line);
