-- The People list's team filter in name order at 1,000,000 people (docs/decisions/034-team-and-field-filters-at-a-million.md,
-- "Memberships in name order"). Each membership carries its person's sort_name, and
-- team_members_name_idx (team_id, sort_name, user_id) holds a team's members in the list's name order: a team's
-- page is a short range of that index, each row joined to its person for the other filters (users/list.ts,
-- teamPage), instead of reading all the team's people and sorting them.
--
-- users.sort_name stays the source of truth (a generated column): a rename updates the person's memberships in
-- the renaming transaction, and a new membership copies the name of the person's row as committed, locked FOR
-- SHARE, so a rename and a membership added at the same time cannot leave the old name behind (the insert waits
-- for the rename to commit and reads its new name; a rename that comes second sees the committed membership).
alter table team_members add column sort_name text not null default '';

create function team_members_sort_name_fill() returns trigger language plpgsql as $$
begin
  -- An unknown person keeps '' here and fails the foreign key right after, as before.
  select u.sort_name into new.sort_name from users u where u.id = new.user_id for share;
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

-- Filled after the triggers exist: creating them locks users and team_members against writers until this commits,
-- so no rename or membership made meanwhile is missed.
update team_members tm set sort_name = u.sort_name from users u where u.id = tm.user_id;

create index team_members_name_idx on team_members (team_id, sort_name, user_id);
