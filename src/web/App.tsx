import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { useUiLanguage } from './app/useUiLanguage';
import { Layout } from './app/Layout';
import { RequireAbility, RequireAuth, RequireOwner } from './app/RequireAuth';
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
        <Route
          path="/reports/:report"
          element={
            <RequireAbility ability="reports.view">
              <ReportsPage />
            </RequireAbility>
          }
        />
        <Route path="/people/:id" element={<UserPage />} />
        <Route path="/my-team" element={<MyTeamPage />} />
        <Route
          path="/mailbox"
          element={
            <RequireAbility ability="settings.manage">
              <MailboxPage />
            </RequireAbility>
          }
        />
        <Route
          path="/mailbox/:messageId"
          element={
            <RequireAbility ability="settings.manage">
              <MailboxPage />
            </RequireAbility>
          }
        />
        <Route
          path="/audit"
          element={
            <RequireAbility ability="audit.read">
              <AuditPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings"
          element={
            <RequireAbility ability="settings.manage">
              <SettingsPage />
            </RequireAbility>
          }
        />
        <Route
          path="/signup-requests"
          element={
            <RequireAbility ability="people.invite">
              <SignupRequestsPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings/sign-in"
          element={
            <RequireAbility ability="settings.manage">
              <SignInSettingsPage />
            </RequireAbility>
          }
        />
        <Route path="/me" element={<MePage />} />
        <Route path="/teams" element={<TeamsPage />} />
        <Route
          path="/groups"
          element={
            <RequireAbility ability="groups.manage">
              <GroupsPage />
            </RequireAbility>
          }
        />
        <Route
          path="/groups/:id"
          element={
            <RequireAbility ability="groups.manage">
              <GroupPage />
            </RequireAbility>
          }
        />
        <Route path="/directory" element={<DirectoryPage />} />
        {/* Importing needs the invite right (organisation-wide or limited); the wizard offers update modes only with people.bulk_update. */}
        <Route
          path="/imports"
          element={
            <RequireAbility ability="people.invite">
              <ImportsPage />
            </RequireAbility>
          }
        />
        <Route
          path="/imports/new"
          element={
            <RequireAbility ability="people.invite">
              <ImportPage />
            </RequireAbility>
          }
        />
        <Route
          path="/imports/help"
          element={
            <RequireAbility ability="people.invite">
              <ImportHelpPage />
            </RequireAbility>
          }
        />
        <Route
          path="/imports/:id"
          element={
            <RequireAbility ability="people.invite">
              <ImportPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings/scim"
          element={
            <RequireAbility ability="settings.manage">
              <ScimSettingsPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings/webhooks"
          element={
            <RequireAbility ability="settings.manage">
              <WebhooksPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings/webhooks/:id"
          element={
            <RequireAbility ability="settings.manage">
              <WebhookPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings/events"
          element={
            <RequireAbility ability="settings.manage">
              <EventFeedPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings/mail"
          element={
            <RequireAbility ability="settings.manage">
              <MailTemplatesPage />
            </RequireAbility>
          }
        />
        <Route
          path="/settings/lifecycle-rules"
          element={
            <RequireAbility ability="settings.manage">
              <RulesPage />
            </RequireAbility>
          }
        />
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
