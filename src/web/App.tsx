import { Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { RequireAbility, RequireAuth, RequireOwner } from './components/RequireAuth';
import { LoginPage } from './pages/LoginPage';
import { InvitePage } from './pages/InvitePage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SignupPage } from './pages/SignupPage';
import { SignupVerifyPage } from './pages/SignupVerifyPage';
import { SignupRequestsPage } from './pages/SignupRequestsPage';
import { SignInSettingsPage } from './pages/SignInSettingsPage';
import { PeoplePage } from './pages/PeoplePage';
import { UserPage } from './pages/UserPage';
import { MailboxPage } from './pages/MailboxPage';
import { AuditPage } from './pages/AuditPage';
import { SettingsPage } from './pages/SettingsPage';
import { MePage } from './pages/MePage';
import { MyTeamPage } from './pages/MyTeamPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { TeamsPage } from './pages/TeamsPage';
import { GroupsPage } from './pages/GroupsPage';
import { GroupPage } from './pages/GroupPage';
import { DirectoryPage } from './pages/DirectoryPage';
import { ImportsPage } from './pages/ImportsPage';
import { ImportPage } from './pages/ImportPage';
import { ImportHelpPage } from './pages/ImportHelpPage';
import { ScimSettingsPage } from './pages/ScimSettingsPage';
import { JobsPage } from './pages/JobsPage';

export function App() {
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
        {/* Importing needs the invite right; the wizard offers update modes only with people.bulk_update. */}
        <Route path="/imports" element={<RequireAbility ability="people.invite"><ImportsPage /></RequireAbility>} />
        <Route path="/imports/new" element={<RequireAbility ability="people.invite"><ImportPage /></RequireAbility>} />
        <Route path="/imports/help" element={<RequireAbility ability="people.invite"><ImportHelpPage /></RequireAbility>} />
        <Route path="/imports/:id" element={<RequireAbility ability="people.invite"><ImportPage /></RequireAbility>} />
        <Route path="/settings/scim" element={<RequireAbility ability="settings.manage"><ScimSettingsPage /></RequireAbility>} />
        <Route path="/settings/jobs" element={<RequireOwner><JobsPage /></RequireOwner>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
