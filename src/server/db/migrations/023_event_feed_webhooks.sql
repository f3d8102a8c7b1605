-- The event feed and webhooks (docs/decisions/018-event-feed-and-webhooks.md). They read the domain_events outbox
-- (migration 019); nothing here is a second outbox.

-- Retention prunes by age: the oldest events first.
create index domain_events_occurred_at on domain_events (occurred_at);

-- What a consumer of the outbox has handled: one row per consumer and counter scope (the webhook fan-out today).
-- The consumer locks its row while it fans out, so two processes never fan out the same events twice.
create table event_consumers (
  name text not null,
  scope text not null,
  last bigint not null,
  primary key (name, scope)
);
-- Webhooks start from the events published after this migration: nothing older is sent to a new receiver.
insert into event_consumers (name, scope, last) select 'webhooks', scope, last from event_counters;

-- A receiver. The signing secret is stored sealed (mail/secrets.ts); during a rotation the previous one stays
-- valid until previous_secret_until. failing_since is the first failure after the last success.
create table webhooks (
  id text primary key,
  url text not null,
  events jsonb not null,
  description text,
  secret_sealed text not null,
  previous_secret_sealed text,
  previous_secret_until timestamptz,
  enabled boolean not null default true,
  disabled_reason text,
  failing_since timestamptz,
  created_by text references users (id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- One event for one webhook. id is the webhook-id header: the same on every attempt.
create table webhook_deliveries (
  id text primary key,
  webhook_id text not null references webhooks (id) on delete cascade,
  event_id bigint not null,
  event_type text not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz,
  locked_until timestamptz,
  last_attempt_at timestamptz,
  response_status int,
  duration_ms int,
  last_error text,
  created_at timestamptz not null,
  unique (webhook_id, event_id)
);
-- The delivery job claims what is due.
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
-- The delivery log: newest first per webhook.
create index webhook_deliveries_log on webhook_deliveries (webhook_id, event_id desc);
