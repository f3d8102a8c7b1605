-- Notifications and editable mail (docs/api.md "Notifications", "Mail templates").

-- One row per notification ever queued, by a key that names what it is about (a reminder of one invitation
-- after N days, an event id and its recipient, a digest day): the primary key makes sure the same
-- notification is queued once, even by two processes at once.
create table notification_log (
  key text primary key,
  kind text not null,
  user_id text references users(id) on delete cascade,
  created_at timestamptz not null
);
create index notification_log_user_idx on notification_log (user_id);

-- What a person turned off (or back on); no row = the default (on).
create table notification_preferences (
  user_id text not null references users(id) on delete cascade,
  kind text not null,
  enabled boolean not null,
  updated_at timestamptz not null,
  primary key (user_id, kind)
);

-- The devices a person signed in from (a hash of the browser and system their user agent names), for the
-- "new sign-in from a new device" security mail.
create table sign_in_devices (
  user_id text not null references users(id) on delete cascade,
  device_hash text not null,
  first_seen_at timestamptz not null,
  primary key (user_id, device_hash)
);

-- Every saved version of a mail template per kind and language; the newest one applies. A reset is a version
-- whose bodies are null (the built-in template applies again).
create table mail_templates (
  kind text not null,
  lang text not null,
  version integer not null,
  subject_line text,
  text_body text,
  html_body text,
  changed_by text references users(id) on delete set null,
  changed_at timestamptz not null,
  primary key (kind, lang, version)
);

-- The organisation's mail branding: one row.
create table mail_branding (
  id text primary key check (id = 'org'),
  logo_url text,
  colour text not null default '#1c7ed6',
  sender_label text,
  reply_to text,
  updated_at timestamptz not null
);
