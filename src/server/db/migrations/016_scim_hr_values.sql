-- What HR last sent over SCIM for a person it manages (Roster API field names, plus `active`), and when it
-- last wrote: the person's page compares them with the current values to show drift and pending overrides.
alter table users add column if not exists hr_last_values jsonb;
alter table users add column if not exists hr_synced_at timestamptz;
