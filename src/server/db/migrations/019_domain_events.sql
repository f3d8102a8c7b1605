-- Domain events (docs/decisions/014-domain-events.md): the outbox the event feed and webhooks read.

-- Counters the application owns. Publishing increments one with UPDATE … RETURNING and keeps its row
-- locked until commit, so events commit in the order of their ids. One row today ('events'); one per
-- organisation when organisations have their own.
create table event_counters (
  scope text primary key,
  last bigint not null
);
insert into event_counters (scope, last) values ('events', 0);

-- id is the feed's cursor. occurred_at is the publisher's clock, passed as a parameter. data holds the
-- type's payload (core/eventCatalogue.ts): ids, statuses and field names, never personal values.
create table domain_events (
  id bigint primary key,
  type text not null,
  occurred_at timestamptz not null,
  actor_type text not null,
  actor_id text,
  impersonator_id text,
  cause text,
  subject_type text not null,
  subject_id text not null,
  data jsonb not null
);

-- Reading some types only: by type, in cursor order.
create index domain_events_type_id on domain_events (type, id);
