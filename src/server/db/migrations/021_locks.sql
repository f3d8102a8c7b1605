-- Named lock rows: work that must not run twice at once takes `select … for update` on its row until
-- commit (db/locks.ts). Rows rather than advisory locks, whose keys are global to the database server
-- (docs/decisions/016-ready-for-organisations.md).
create table locks (
  name text primary key
);

insert into locks (name) values
  ('owners'),         -- the last-Owner check (users/transitions.ts assertNotLastOwner)
  ('team_tree'),      -- moving and deleting teams (teams/service.ts)
  ('import_writes');  -- the chunks of concurrent imports (imports/apply.ts)
