-- The name search at 1,000,000 people (docs/decisions/033-name-search-at-a-million.md). Each search — the People
-- list's `q`, the directory's `q` — gets one trigram index (pg_trgm, GIN) on one expression: the texts it compares,
-- lower-cased as it compares them, joined by U+001F (chr(31)). A term holding no U+001F cannot match across two
-- texts, so `joined like '%term%'` matches exactly the people one of the texts matches. The expressions must stay
-- exactly those of src/server/modules/people/search.ts (LIST_SEARCH_TEXTS, DIRECTORY_SEARCH_TEXTS, joinedSearchText).
--
-- pg_trgm ships with PostgreSQL's contrib (PGlite loads it itself: db/index.ts). Without it Roster refuses to start.
do $$
begin
  if not exists (select from pg_extension where extname = 'pg_trgm') then
    if not exists (select from pg_available_extensions where name = 'pg_trgm') then
      -- One message: Roster prints a failed start's message alone (main.ts), not a hint beside it.
      raise exception 'Roster needs the PostgreSQL extension pg_trgm (for the name search), and this server does not have it. '
        'Install PostgreSQL''s contrib modules on the database server (Debian/Ubuntu: the postgresql-contrib package; '
        'RHEL: postgresqlNN-contrib; a hosted PostgreSQL: allow the extension pg_trgm), or have an administrator run '
        '"create extension pg_trgm" in this database; then start Roster again (docs/decisions/033-name-search-at-a-million.md).';
    end if;
    create extension pg_trgm;
  end if;
end $$;

-- The operator class lives in the extension's schema, which need not be on the search path (the tests' schemas).
-- Neither index is partial: PostgreSQL keeps no statistics for a partial index's expression (decision 032), and
-- without them the directory's planner guessed 99 of 112,093 people for `engineer` and sorted them all.
do $$
declare
  ops text := (select format('%I.gin_trgm_ops', n.nspname) from pg_extension e
                 join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm');
begin
  execute format($q$create index users_list_search_idx on users using gin ((
      coalesce(lower(first_name || ' ' || last_name), '') || chr(31) || coalesce(sort_name, '') || chr(31)
      || coalesce(email_normalized, '') || chr(31) || coalesce(lower(employee_id), '')) %s)$q$, ops);
  execute format($q$create index users_directory_search_idx on users using gin ((
      coalesce(lower(first_name || ' ' || last_name), '') || chr(31) || coalesce(sort_name, '') || chr(31)
      || coalesce(lower(job_title), '') || chr(31) || coalesce(lower(department), '') || chr(31)
      || coalesce(lower(location), '')) %s)$q$, ops);
end $$;

-- The planner weighs a term against the indexed expressions' statistics, which only ANALYZE gathers (nothing else
-- changed in the table, so autovacuum would not soon): without them it guessed 0.5 % for any term and walked the
-- name order for a term matching nobody (4.4 s at a million instead of 0.2 ms).
analyze users;
