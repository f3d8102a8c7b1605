import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { useUiLanguage } from './app/useUiLanguage';
import { Layout } from './app/Layout';
import { RequireAbility, RequireAuth, RequireOwner } from './app/RequireAuth';
import type { Ability } from './common/api';
import { LoginPage } from './features/signin/LoginPage';
import { InvitePage } from './features/signin/InvitePage';
import { ForgotPasswordPage } from './features/signin/ForgotPasswordPage';
import { ResetPasswordPage } from './features/signin/ResetPasswordPage';
import { SignupPage } from './features/signin/SignupPage';
import { SignupVerifyPage } from './features/signin/SignupVerifyPage';
import { SignupRequestsPage } from './features/signin/SignupRequestsPage';
import { SignInSettingsPage } from './features/signin/SignInSettingsPage';
import { PeoplePage } from './features/people/PeoplePage';
import { UserPage } from './features/people/UserPage';
import { MailboxPage } from './features/settings/MailboxPage';
import { AuditPage } from './features/audit/AuditPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { MePage } from './features/me/MePage';
import { MyTeamPage } from './features/teams/MyTeamPage';
import { NotFoundPage } from './app/NotFoundPage';
import { TeamsPage } from './features/teams/TeamsPage';
import { GroupsPage } from './features/groups/GroupsPage';
import { GroupPage } from './features/groups/GroupPage';
import { DirectoryPage } from './features/directory/DirectoryPage';
import { ImportsPage } from './features/imports/ImportsPage';
import { ImportPage } from './features/imports/ImportPage';
import { ImportHelpPage } from './features/imports/ImportHelpPage';
import { ScimSettingsPage } from './features/settings/ScimSettingsPage';

import { JobsPage } from './features/settings/JobsPage';
import { HomePage } from './features/home/HomePage';
import { ReportsPage } from './features/home/ReportsPage';
import { WebhooksPage } from './features/webhooks/WebhooksPage';
import { WebhookPage } from './features/webhooks/WebhookPage';
import { EventFeedPage } from './features/webhooks/EventFeedPage';
import { MailTemplatesPage } from './features/notifications/MailTemplatesPage';
import { RulesPage } from './features/lifecycle/RulesPage';

/**
 * The pages for anyone signed in, and those that need one right (`ability`): without it such a page says it
 * is not available.
 */
const SIGNED_IN_PAGES: { path: string; ability?: Ability; page: React.ComponentType }[] = [
  { path: '/people/:id', page: UserPage },
  { path: '/my-team', page: MyTeamPage },
  { path: '/me', page: MePage },
  { path: '/teams', page: TeamsPage },
  { path: '/directory', page: DirectoryPage },
  { path: '/reports/:report', ability: 'reports.view', page: ReportsPage },
  { path: '/mailbox', ability: 'settings.manage', page: MailboxPage },
  { path: '/mailbox/:messageId', ability: 'settings.manage', page: MailboxPage },
  { path: '/audit', ability: 'audit.read', page: AuditPage },
  { path: '/settings', ability: 'settings.manage', page: SettingsPage },
  { path: '/signup-requests', ability: 'people.invite', page: SignupRequestsPage },
  { path: '/settings/sign-in', ability: 'settings.manage', page: SignInSettingsPage },
  { path: '/groups', ability: 'groups.manage', page: GroupsPage },
  { path: '/groups/:id', ability: 'groups.manage', page: GroupPage },
  // Importing needs the invite right (organisation-wide or limited); the wizard offers update modes only with
  // people.bulk_update.
  { path: '/imports', ability: 'people.invite', page: ImportsPage },
  { path: '/imports/new', ability: 'people.invite', page: ImportPage },
  { path: '/imports/help', ability: 'people.invite', page: ImportHelpPage },
  { path: '/imports/:id', ability: 'people.invite', page: ImportPage },
  { path: '/settings/scim', ability: 'settings.manage', page: ScimSettingsPage },
  { path: '/settings/webhooks', ability: 'settings.manage', page: WebhooksPage },
  { path: '/settings/webhooks/:id', ability: 'settings.manage', page: WebhookPage },
  { path: '/settings/events', ability: 'settings.manage', page: EventFeedPage },
  { path: '/settings/mail', ability: 'settings.manage', page: MailTemplatesPage },
  { path: '/settings/lifecycle-rules', ability: 'settings.manage', page: RulesPage },
];

export function App() {
  useUiLanguage();
  // Re-render every page when the language changes.
  useTranslation();
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/signup/verify/:token" element={<SignupVerifyPage />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route
          index
          element={
            <RequireAbility ability="people.view" redirect="/me">
              <PeoplePage />
            </RequireAbility>
          }
        />
        <Route
          path="/home"
          element={
            <RequireAbility ability="reports.view" redirect="/">
              <HomePage />
            </RequireAbility>
          }
        />
        {SIGNED_IN_PAGES.map(({ path, ability, page: Page }) => (
          <Route
            key={path}
            path={path}
            element={
              ability ? (
                <RequireAbility ability={ability}>
                  <Page />
                </RequireAbility>
              ) : (
                <Page />
              )
            }
          />
        ))}
        <Route
          path="/settings/jobs"
          element={
            <RequireOwner>
              <JobsPage />
            </RequireOwner>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
