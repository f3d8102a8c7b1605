-- The anonymisation certificate (docs/decisions/025-hand-over-and-gdpr.md): what anonymising someone removed,
-- table by table, when and by whom, written in the anonymisation's transaction. It names tables, columns and
-- row counts, never a removed value; the person is named only by their pseudonymous id.
create table anonymisation_certificates (
  user_id text primary key references users(id) on delete cascade,
  anonymised_at timestamptz not null,
  anonymised_by text references users(id) on delete set null,
  actor_type text not null,
  removed jsonb not null
);
