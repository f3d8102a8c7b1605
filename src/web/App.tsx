import { Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { RequireAbility, RequireAuth } from './components/RequireAuth';
import { LoginPage } from './pages/LoginPage';
import { InvitePage } from './pages/InvitePage';
import { PeoplePage } from './pages/PeoplePage';
import { UserPage } from './pages/UserPage';
import { MailboxPage } from './pages/MailboxPage';
import { AuditPage } from './pages/AuditPage';
import { SettingsPage } from './pages/SettingsPage';
import { MePage } from './pages/MePage';
import { NotFoundPage } from './pages/NotFoundPage';

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
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
        <Route path="/me" element={<MePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
