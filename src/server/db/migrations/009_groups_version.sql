-- A version stamp of everything the evaluation of group rules depends on: the groups' rules and the
-- custom field definitions. groups.refreshFor (called on every change to a user) keeps the validated
-- rules of all groups in memory and reads only this stamp per call, instead of loading and validating
-- every group's rules each time (bench/organising.ts: the added cost of one profile update).
-- Triggers bump it whatever writes those tables (API, import, tests, another server process). A random
-- value rather than a counter: a stamp written by a rolled-back transaction is never seen again, and two
-- databases served by one process (tests) never share a stamp unless they share the content.
create table groups_version (
  id boolean primary key default true check (id),
  version text not null
);
insert into groups_version (version) values (gen_random_uuid()::text);

create function groups_version_bump() returns trigger language plpgsql as $$
begin
  update groups_version set version = gen_random_uuid()::text;
  return null;
end
$$;

-- Statement-level: one bump per statement whatever the number of rows. evaluated_on and name changes
-- do not affect membership, so they do not count.
create trigger groups_version_on_groups after insert or delete or truncate or update of rules on groups
  for each statement execute function groups_version_bump();
create trigger groups_version_on_custom_fields after insert or delete or truncate or update on custom_fields
  for each statement execute function groups_version_bump();
