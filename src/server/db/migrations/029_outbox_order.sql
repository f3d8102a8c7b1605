-- The order mail was queued in. Two messages to one person go out in that order (mail/worker.ts): a
-- "waiting for approval" notice must not arrive after the welcome that follows it. Ids are random, and
-- messages queued in one transaction share created_at, so the order needs a column of its own.
alter table outbox add column seq bigserial;
