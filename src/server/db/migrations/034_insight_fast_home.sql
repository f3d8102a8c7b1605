-- Home from snapshots and cheap deltas, not scans of users (docs/decisions/020-insight.md, "Home at 100,000 people").
--
-- People by status now: the sum of `people_count_changes`, rows of (status, +/-n) written by statement-level
-- triggers on users in the writing transaction, whatever code (or psql session) writes. Insert-only, so two
-- transactions never wait on the same counter row; the daily snapshot job folds the rows into one per status.
-- Only live people (deleted_at is null) are counted, as in the snapshots.
create table people_count_changes (
  id bigserial primary key,
  status text not null,
  n int not null
);

create function people_count_changes_record() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from people_count_changes;
  elsif tg_op = 'INSERT' then
    insert into people_count_changes (status, n)
      select status, count(*) from new_rows where deleted_at is null group by status;
  elsif tg_op = 'DELETE' then
    insert into people_count_changes (status, n)
      select status, -count(*) from old_rows where deleted_at is null group by status;
  else
    -- Most updates (a sign-in, a renamed person) move no count and write nothing.
    insert into people_count_changes (status, n)
      select status, sum(n) from (
        select status, 1 as n from new_rows where deleted_at is null
        union all
        select status, -1 as n from old_rows where deleted_at is null
      ) c group by status having sum(n) <> 0;
  end if;
  return null;
end $$;

create trigger users_count_insert after insert on users
  referencing new table as new_rows for each statement execute function people_count_changes_record();
create trigger users_count_update after update on users
  referencing old table as old_rows new table as new_rows for each statement execute function people_count_changes_record();
create trigger users_count_delete after delete on users
  referencing old table as old_rows for each statement execute function people_count_changes_record();
create trigger users_count_truncate after truncate on users
  for each statement execute function people_count_changes_record();

insert into people_count_changes (status, n)
  select status, count(*) from users where deleted_at is null group by status;

-- The 90-day invitation funnel (sent, accepted, median time to accept) as of the day's snapshot: a distinct count
-- and a median over every invitation of 90 days are too dear for each view of Home, and move slowly.
alter table insight_snapshots add column funnel jsonb;

-- Pending invitations older than 7 and 30 days (Home, "remind all"): an index-only range count.
create index users_pending_invited_idx on users (invited_at) where status = 'invite_pending' and deleted_at is null;
