-- The People list's total without counting the people (docs/decisions/019-fast-path.md). Counting 69,000
-- matching rows of 100,000 costs ~5 ms of database time per page even as an index-only scan; this tally
-- answers the common case — everyone the caller may see, narrowed only by status and deleted — from a handful
-- of rows. It is append-only: each statement on users adds its net change per (status, deleted), so writers
-- never wait on one another, and the tally is exactly as visible as the rows it counts (same transaction).
-- users/tally.ts folds the rows together now and then.
create table user_tally (
  status text not null,
  deleted boolean not null,
  n bigint not null
);

-- Inserts and deletes: one row per (status, deleted) per statement, from the statement's transition table.
create function user_tally_inserted() returns trigger language plpgsql as $$
begin
  insert into user_tally (status, deleted, n)
    select status, deleted_at is not null, count(*) from inserted_users group by 1, 2;
  return null;
end $$;

create function user_tally_deleted() returns trigger language plpgsql as $$
begin
  insert into user_tally (status, deleted, n)
    select status, deleted_at is not null, -count(*) from deleted_users group by 1, 2;
  return null;
end $$;

-- Updates: per row, and only when the status or the deleted flag changed (the WHEN clause keeps every other
-- update — sign-ins, names, reporting lines — free of it).
create function user_tally_moved() returns trigger language plpgsql as $$
begin
  insert into user_tally (status, deleted, n)
    values (old.status, old.deleted_at is not null, -1), (new.status, new.deleted_at is not null, 1);
  return null;
end $$;

create function user_tally_truncated() returns trigger language plpgsql as $$
begin
  delete from user_tally;
  return null;
end $$;

-- Triggers first: taking users' lock for them makes writers wait, so the count below misses no one.
create trigger users_tally_insert after insert on users
  referencing new table as inserted_users for each statement execute function user_tally_inserted();
create trigger users_tally_delete after delete on users
  referencing old table as deleted_users for each statement execute function user_tally_deleted();
create trigger users_tally_update after update of status, deleted_at on users for each row
  when (old.status is distinct from new.status or (old.deleted_at is null) <> (new.deleted_at is null))
  execute function user_tally_moved();
create trigger users_tally_truncate after truncate on users
  for each statement execute function user_tally_truncated();

insert into user_tally (status, deleted, n)
  select status, deleted_at is not null, count(*) from users group by 1, 2;
