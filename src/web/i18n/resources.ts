/** Every namespace of every language (docs/decisions/021-languages.md): one JSON file per feature and language. */
import en_common from './locales/en/common.json';
import en_shell from './locales/en/shell.json';
import en_signin from './locales/en/signin.json';
import en_people from './locales/en/people.json';
import en_directory from './locales/en/directory.json';
import en_teams from './locales/en/teams.json';
import en_groups from './locales/en/groups.json';
import en_imports from './locales/en/imports.json';
import en_audit from './locales/en/audit.json';
import en_me from './locales/en/me.json';
import en_settings from './locales/en/settings.json';
import en_webhooks from './locales/en/webhooks.json';
import en_notifications from './locales/en/notifications.json';
import en_home from './locales/en/home.json';
import en_jobs from './locales/en/jobs.json';
import en_lifecycle from './locales/en/lifecycle.json';
import fr_common from './locales/fr/common.json';
import fr_shell from './locales/fr/shell.json';
import fr_signin from './locales/fr/signin.json';
import fr_people from './locales/fr/people.json';
import fr_directory from './locales/fr/directory.json';
import fr_teams from './locales/fr/teams.json';
import fr_groups from './locales/fr/groups.json';
import fr_imports from './locales/fr/imports.json';
import fr_audit from './locales/fr/audit.json';
import fr_me from './locales/fr/me.json';
import fr_settings from './locales/fr/settings.json';
import fr_webhooks from './locales/fr/webhooks.json';
import fr_notifications from './locales/fr/notifications.json';
import fr_home from './locales/fr/home.json';
import fr_jobs from './locales/fr/jobs.json';
import fr_lifecycle from './locales/fr/lifecycle.json';
import de_common from './locales/de/common.json';
import de_shell from './locales/de/shell.json';
import de_signin from './locales/de/signin.json';
import de_people from './locales/de/people.json';
import de_directory from './locales/de/directory.json';
import de_teams from './locales/de/teams.json';
import de_groups from './locales/de/groups.json';
import de_imports from './locales/de/imports.json';
import de_audit from './locales/de/audit.json';
import de_me from './locales/de/me.json';
import de_settings from './locales/de/settings.json';
import de_webhooks from './locales/de/webhooks.json';
import de_notifications from './locales/de/notifications.json';
import de_home from './locales/de/home.json';
import de_jobs from './locales/de/jobs.json';
import de_lifecycle from './locales/de/lifecycle.json';

export const NAMESPACES = [
  'common',
  'shell',
  'signin',
  'people',
  'directory',
  'teams',
  'groups',
  'imports',
  'audit',
  'me',
  'settings',
  'webhooks',
  'notifications',
  'home',
  'jobs',
  'lifecycle',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const RESOURCES = {
  en: {
    common: en_common,
    shell: en_shell,
    signin: en_signin,
    people: en_people,
    directory: en_directory,
    teams: en_teams,
    groups: en_groups,
    imports: en_imports,
    audit: en_audit,
    me: en_me,
    settings: en_settings,
    webhooks: en_webhooks,
    notifications: en_notifications,
    home: en_home,
    jobs: en_jobs,
    lifecycle: en_lifecycle,
  },
  fr: {
    common: fr_common,
    shell: fr_shell,
    signin: fr_signin,
    people: fr_people,
    directory: fr_directory,
    teams: fr_teams,
    groups: fr_groups,
    imports: fr_imports,
    audit: fr_audit,
    me: fr_me,
    settings: fr_settings,
    webhooks: fr_webhooks,
    notifications: fr_notifications,
    home: fr_home,
    jobs: fr_jobs,
    lifecycle: fr_lifecycle,
  },
  de: {
    common: de_common,
    shell: de_shell,
    signin: de_signin,
    people: de_people,
    directory: de_directory,
    teams: de_teams,
    groups: de_groups,
    imports: de_imports,
    audit: de_audit,
    me: de_me,
    settings: de_settings,
    webhooks: de_webhooks,
    notifications: de_notifications,
    home: de_home,
    jobs: de_jobs,
    lifecycle: de_lifecycle,
  },
};
