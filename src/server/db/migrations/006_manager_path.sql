-- The reporting line, stored: '/' for someone without a line manager, otherwise their manager's
-- path followed by the manager's id and '/'. "Everyone below X" becomes one indexed prefix match
-- (manager_path like X.path || X.id || '/%') instead of a recursive walk per request — the
-- manager's People list was 3.5–5× slower than an Admin's with the walk (see bench/access.ts).
-- Triggers keep it exact whatever changes manager_id: the API, imports, SCIM, or the foreign key's
-- "on delete set null" when a manager is purged. Cycles are refused before they reach the table.
alter table users add column manager_path text not null default '/';

with recursive chain(id, path) as (
  select id, '/'::text from users where manager_id is null
  union all
  select u.id, c.path || c.id || '/' from users u join chain c on u.manager_id = c.id
)
update users u set manager_path = chain.path from chain where chain.id = u.id;

create index users_manager_path_idx on users (manager_path text_pattern_ops);

create function users_set_manager_path() returns trigger language plpgsql as $$
begin
  if new.manager_id is null then
    new.manager_path := '/';
  else
    select m.manager_path || m.id || '/' into new.manager_path from users m where m.id = new.manager_id;
  end if;
  return new;
end
$$;

create trigger users_manager_path_set before insert or update of manager_id on users
  for each row execute function users_set_manager_path();

-- Moves the whole subtree below a user whose reporting line changed.
create function users_cascade_manager_path() returns trigger language plpgsql as $$
declare
  old_prefix text := old.manager_path || old.id || '/';
  new_prefix text := new.manager_path || new.id || '/';
begin
  if old_prefix <> new_prefix then
    update users set manager_path = new_prefix || substr(manager_path, length(old_prefix) + 1)
     where manager_path like replace(replace(replace(old_prefix, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  end if;
  return null;
end
$$;

create trigger users_manager_path_cascade after update of manager_id on users
  for each row execute function users_cascade_manager_path();
