-- The job runtime (docs/decisions/002-job-runtime.md): one row per declared job with its schedule and
-- outcome, and one lock row per slot of its concurrency. Every timestamp here is written by the
-- runner as a parameter (its clock), never computed by the database.
create table jobs (
  name text primary key,
  every_seconds double precision,
  concurrency integer not null default 1,
  next_run_at timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_status text check (last_status in ('ok', 'failed')),
  -- An error class and message, never row values (no personal data).
  last_error text,
  last_lag_ms integer,
  last_duration_ms integer,
  last_handled integer,
  attempts integer not null default 0,
  runs integer not null default 0,
  failures integer not null default 0
);

create table job_leases (
  name text not null references jobs (name) on delete cascade,
  slot integer not null,
  lease_owner text,
  lease_until timestamptz,
  heartbeat_at timestamptz,
  started_at timestamptz,
  primary key (name, slot)
);
