-- Grants and profile assignments limited to a team go with the team, as those limited to a group already go with
-- their group (docs/decisions/031-delegated-administration.md). Rows left by teams deleted before this point reach
-- nobody; they are removed first.
delete from permission_grants g
 where g.team_id is not null and not exists (select 1 from teams t where t.id = g.team_id);
delete from profile_assignments a
 where a.team_id is not null and not exists (select 1 from teams t where t.id = a.team_id);
alter table permission_grants
  add constraint permission_grants_team_fk foreign key (team_id) references teams(id) on delete cascade;
alter table profile_assignments
  add constraint profile_assignments_team_fk foreign key (team_id) references teams(id) on delete cascade;
