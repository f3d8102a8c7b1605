-- The People list's header sorts, column choice and saved views (docs/decisions/026-people-list-views.md).
--
-- Sort indexes: each is the sort's expression in users/list.ts SORTS, then id (the keyset's tiebreak), over live
-- people, so a page is one index range whatever the depth. The expressions must stay textually equal to SORTS.
-- Nulls are folded into a sentinel so that the keyset is one row comparison: "never" sorts as the oldest
-- instant, "no expiry" as the latest, an empty department or location as ''. last_activity_at has no index on
-- purpose (migration 017: it moves every minute; an index would make those updates non-HOT).
create index users_sort_status_idx on users ((case status when 'not_invited' then 0 when 'invite_scheduled' then 1 when 'invite_pending' then 2 when 'confirmed' then 3 when 'deactivated' then 4 when 'expired' then 5 when 'anonymised' then 6 else 7 end), id) where deleted_at is null;
create index users_sort_role_idx on users ((case role when 'owner' then 0 when 'admin' then 1 when 'hr' then 2 when 'reporter' then 3 when 'learning_designer' then 4 when 'curator' then 5 when 'learner' then 6 else 7 end), id) where deleted_at is null;
create index users_sort_last_sign_in_idx on users ((coalesce(last_sign_in_at, '-infinity'::timestamptz)), id) where deleted_at is null;
create index users_sort_department_idx on users ((coalesce(lower(department), '')), id) where deleted_at is null;
create index users_sort_location_idx on users ((coalesce(lower(location), '')), id) where deleted_at is null;
create index users_sort_expires_idx on users ((coalesce(expires_at, 'infinity'::timestamptz)), id) where deleted_at is null;
create index users_sort_email_idx on users ((coalesce(email_normalized, '')), id) where deleted_at is null;

-- Custom-field filters other than text (cf.<key>=value, users/list.ts) are containment tests this index serves,
-- so the list's page and its total read the matching people only, not every person's custom fields.
create index users_custom_fields_idx on users using gin (custom_fields jsonb_path_ops) where deleted_at is null;

-- Each person's chosen columns of the People list (one row, kept when they come back from another browser).
create table people_list_columns (
  user_id text primary key references users(id) on delete cascade,
  columns jsonb not null,
  updated_at timestamptz not null
);

-- Saved views: a name, the list's filters, columns and sort. Personal views are their owner's; shared views
-- (created by Owners and Admins) are listed for everyone who can open the People list, and each viewer still
-- sees only their own scope in them. owner_id is null once a shared view's creator is erased.
create table people_views (
  id text primary key,
  owner_id text references users(id) on delete cascade,
  name text not null,
  shared boolean not null default false,
  filters jsonb not null,
  columns jsonb not null,
  sort text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index people_views_owner_idx on people_views (owner_id);
create index people_views_shared_idx on people_views (shared) where shared;
