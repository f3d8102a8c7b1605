-- The reminder lifecycle rule and the expiry warnings' sweep now share one notification key per report and end
-- date ('manager_report_leaving:<user>:<epoch>'), so a manager is told once. Keys the rule took under its old
-- name carry over, so nobody already reminded is reminded again.
insert into notification_log (key, kind, user_id, created_at)
select 'manager_report_leaving:' || substr(key, length('lifecycle_expiry_reminder:') + 1), kind, user_id, created_at
  from notification_log
 where key like 'lifecycle_expiry_reminder:%'
on conflict (key) do nothing;
delete from notification_log where key like 'lifecycle_expiry_reminder:%';
