-- Whom a mail is about, when that is not its recipient (a manager told that their report leaves): erasing that
-- person erases the mail too (mail/personalData.ts), since its subject and body name them.
alter table outbox add column about_user_id text;
create index outbox_about_user_idx on outbox (about_user_id) where about_user_id is not null;
