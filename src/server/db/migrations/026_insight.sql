-- Insight (docs/decisions/020-insight.md): one row per day of the organisation's counts, written once a day
-- by the `insight-snapshot` job, so Home's 90-day trend and weekly sign-ins read 90 small rows rather than
-- scanning users. `counts` is {status: people} over people not deleted; `signed_in_7d` the people whose last
-- sign-in is within the 7 days before `taken_at` (at least one sign-in that week). The primary key makes the
-- day's snapshot exactly-once: a second process's insert for the same day does nothing.
create table insight_snapshots (
  day date primary key,
  taken_at timestamptz not null,
  counts jsonb not null,
  signed_in_7d int not null
);

-- The invitation funnel reads the invitations sent in the last 90 days; leavers and joiners by month read
-- status changes by time.
create index invitations_created_idx on invitations (created_at);
create index status_history_at_idx on status_history (at);
