-- A version stamp for what every process caches between requests (docs/decisions/019-fast-path.md): the
-- settings and the custom-field definitions. Any write to either table moves the stamp, whichever process
-- (or psql session) writes; each request reads the stamp with its session, in the same query, and a process
-- reloads its copy when the stamp has moved past the one its copy was read under.
create table cache_versions (
  name text primary key,
  version bigint not null default 0
);
insert into cache_versions (name) values ('config');

create function cache_versions_bump() returns trigger language plpgsql as $$
begin
  update cache_versions set version = version + 1 where name = 'config';
  return null;
end $$;

create trigger settings_bump_config_version after insert or update or delete or truncate on settings
  for each statement execute function cache_versions_bump();
create trigger custom_fields_bump_config_version after insert or update or delete or truncate on custom_fields
  for each statement execute function cache_versions_bump();
