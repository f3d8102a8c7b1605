-- The People list's team filter in name order at 1,000,000 people (docs/decisions/034-team-and-field-filters-at-a-million.md,
-- "Memberships in name order"). Each membership carries its person's sort_name, and
-- team_members_name_idx (team_id, sort_name, user_id) holds a team's members in the list's name order: a team's
-- page is a short range of that index, each row joined to its person for the other filters (users/list.ts,
-- teamPage), instead of reading all the team's people and sorting them.
--
-- users.sort_name stays the source of truth (a generated column): a rename updates the person's memberships in
-- the renaming transaction, and a new membership copies the name of the person's row as committed, locked FOR
-- NO KEY UPDATE, so a rename and a membership added at the same time cannot leave the old name behind (the insert
-- waits for the rename to commit and reads its new name; a rename that comes second sees the committed
-- membership). Not FOR SHARE: the statement then updates the same row (users.team_ids, migration 053), and two
-- statements adding one person to two teams would each hold a shared lock the other's update waits for.
alter table team_members add column sort_name text not null default '';

create function team_members_sort_name_fill() returns trigger language plpgsql as $$
begin
  -- An unknown person keeps '' here and fails the foreign key right after, as before.
  select u.sort_name into new.sort_name from users u where u.id = new.user_id for no key update;
  new.sort_name := coalesce(new.sort_name, '');
  return new;
end $$;

create trigger team_members_sort_name_fill before insert or update of user_id on team_members
  for each row execute function team_members_sort_name_fill();

create function team_members_sort_name_follow() returns trigger language plpgsql as $$
begin
  update team_members set sort_name = new.sort_name where user_id = new.id;
  return null;
end $$;

-- Only a row whose name changed queues anything: the WHEN test runs without calling the function.
create trigger users_sort_name_to_team_members after update on users
  for each row when (old.sort_name is distinct from new.sort_name) execute function team_members_sort_name_follow();

-- Migration 053's update trigger applied every updated membership to users.team_ids as a removal and an addition:
-- a rename's update of sort_name would rewrite each renamed person's row twice more. Now only memberships whose
-- (team_id, user_id) changed are applied.
create or replace function users_team_ids_sync() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    update users u set team_ids = array(select x from unnest(u.team_ids) as x where x <> all (r.ids))
      from (select user_id, array_agg(team_id) as ids
              from (select team_id, user_id from removed_members except select team_id, user_id from added_members) c
             group by user_id) r
     where u.id = r.user_id;
    update users u set team_ids = array(select distinct x from unnest(u.team_ids || a.ids) as x order by x)
      from (select user_id, array_agg(team_id) as ids
              from (select team_id, user_id from added_members except select team_id, user_id from removed_members) c
             group by user_id) a
     where u.id = a.user_id;
  elsif tg_op = 'DELETE' then
    update users u set team_ids = array(select x from unnest(u.team_ids) as x where x <> all (r.ids))
      from (select user_id, array_agg(team_id) as ids from removed_members group by user_id) r
     where u.id = r.user_id;
  else
    update users u set team_ids = array(select distinct x from unnest(u.team_ids || a.ids) as x order by x)
      from (select user_id, array_agg(team_id) as ids from added_members group by user_id) a
     where u.id = a.user_id;
  end if;
  return null;
end $$;

-- Filled after the triggers exist: creating them locks users and team_members against writers until this commits,
-- so no rename or membership made meanwhile is missed. The fill changes no membership: 053's update trigger is
-- off meanwhile (it would compare a million memberships for nothing).
alter table team_members disable trigger team_members_team_ids_update;
update team_members tm set sort_name = u.sort_name from users u where u.id = tm.user_id;
alter table team_members enable trigger team_members_team_ids_update;

create index team_members_name_idx on team_members (team_id, sort_name, user_id);

-- Custom-field filters (docs/decisions/034, "Statistics on a field's expression"): the statistics
-- custom_field_filter_index (053) creates hold nothing until the table is next analyzed — on a large table
-- autovacuum may not do so for a long time — and without them the planner takes any value for 0.5 % of the people:
-- it built a bitmap of every match for the bounded total, and sorted them all for a deep page in another sort.
-- customFields/filterIndex.ts now analyzes the column after creating them; fields already filterable are
-- analyzed here.
do $$
begin
  if exists (select 1 from custom_fields where filterable and type <> 'multi_select') then
    analyze users (custom_fields);
  end if;
end $$;
