-- Scheduled report emails (docs/decisions/020-insight.md, "Scheduled report emails"): a report, weekly or monthly,
-- to chosen people who may read reports. `last_period` names the period whose mail went out (a week by its
-- Monday, '2026-11-30', or a month, '2026-12'); taking the next period is one conditional update of this row,
-- so one process sends each period's mail whatever the number of processes.
create table report_schedules (
  id text primary key,
  report text not null,
  cadence text not null check (cadence in ('weekly', 'monthly')),
  created_by text references users(id) on delete set null,
  created_at timestamptz not null,
  last_period text not null,
  last_sent_at timestamptz
);

create table report_schedule_recipients (
  schedule_id text not null references report_schedules(id) on delete cascade,
  user_id text not null references users(id) on delete cascade,
  primary key (schedule_id, user_id)
);
create index report_schedule_recipients_user_idx on report_schedule_recipients (user_id);
