-- The People list's team filter at 1,000,000 people (docs/decisions/034-team-and-field-filters-at-a-million.md).
-- users.team_ids holds the teams a person is a direct member of: team_members, one array per person, with a GIN
-- index, so `teamId=` is `u.team_ids @> array[id]` and with sub-teams `u.team_ids && <the team and its descendants>`
-- (teams/filters.ts). The planner then has the array's own statistics to choose between reading the team's people
-- from the index (a small team) and walking the list's order with a cheap test on each row (a team holding most of
-- the organisation), instead of probing team_members once per person.
--
-- team_members stays the source of truth; the triggers below apply each statement's change to the array, as a
-- change (append / remove) rather than a recount, so two transactions adding one person to two teams at once
-- both land (an UPDATE that waited for the other's row lock applies its change to the row as committed).
-- Re-parenting a team changes no array: sub-teams are resolved from teams.path when the filter is built.
alter table users add column team_ids text[] not null default '{}';

-- One function for the three triggers: a statement's removed memberships (delete, update), then its added ones
-- (insert, update), each from the statement's transition table.
create function users_team_ids_sync() returns trigger language plpgsql as $$
begin
  if tg_op in ('DELETE', 'UPDATE') then
    update users u set team_ids = array(select x from unnest(u.team_ids) as x where x <> all (r.ids))
      from (select user_id, array_agg(team_id) as ids from removed_members group by user_id) r
     where u.id = r.user_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    update users u set team_ids = array(select distinct x from unnest(u.team_ids || a.ids) as x order by x)
      from (select user_id, array_agg(team_id) as ids from added_members group by user_id) a
     where u.id = a.user_id;
  end if;
  return null;
end $$;

create function users_team_ids_cleared() returns trigger language plpgsql as $$
begin
  update users set team_ids = '{}' where team_ids <> '{}';
  return null;
end $$;

create trigger team_members_team_ids_insert after insert on team_members
  referencing new table as added_members for each statement execute function users_team_ids_sync();
create trigger team_members_team_ids_delete after delete on team_members
  referencing old table as removed_members for each statement execute function users_team_ids_sync();
-- Nothing updates team_members today; should anything, it is a removal and then an addition.
create trigger team_members_team_ids_update after update on team_members
  referencing old table as removed_members new table as added_members
  for each statement execute function users_team_ids_sync();
create trigger team_members_team_ids_truncate after truncate on team_members
  for each statement execute function users_team_ids_cleared();

-- Filled after the triggers exist: creating them locks team_members against writers until this commits, so no
-- membership added or removed meanwhile is missed.
update users u set team_ids = m.ids
  from (select user_id, array_agg(team_id order by team_id) as ids from team_members group by user_id) m
 where m.user_id = u.id;

create index users_team_ids_idx on users using gin (team_ids) where deleted_at is null;

-- Custom-field filters (cf.<key>=value, users/list.ts): each filterable field other than a multi-select gets an
-- index in the list's name order on the expression its filter compares — (custom_fields -> key) = a JSON value,
-- or lower(custom_fields ->> key) for text — with the status for the counts, so a page is one index range and
-- the bounded total and the counts by status read the index only. Expression statistics let the planner weigh
-- a rare value against a common one for the other sorts (a partial index keeps none of its own: migration 051).
-- customFields/filterIndex.ts calls this when a field is created filterable, marked or unmarked, or deleted.
create function custom_field_filter_index(field_key text, field_type text, wanted boolean) returns void
  language plpgsql as $$
declare
  expr text := case
    when field_type = 'multi_select' then null
    when field_type = 'text' then format('lower(custom_fields ->> %L)', field_key)
    else format('(custom_fields -> %L)', field_key)
  end;
begin
  execute format('drop index if exists %I', 'users_cf_' || field_key || '_idx');
  execute format('drop statistics if exists %I', 'cf_' || field_key || '_stats');
  if wanted and expr is not null then
    execute format('create index %I on users (%s, sort_name, id) include (status) where deleted_at is null',
      'users_cf_' || field_key || '_idx', expr);
    execute format('create statistics %I on (%s) from users', 'cf_' || field_key || '_stats', expr);
  end if;
end $$;

select custom_field_filter_index(key, type, true) from custom_fields where filterable;
