// Over 300 lines: every lifecycle action of a profile with its confirmation; the actions come from the server's allowedActions, one branch each.
import { useState } from 'react';
import { Button, Group, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { RESTORE_WINDOW_DAYS } from '../../../common/domain';
import { accessApi, api, errorMessage, mfaApi, type UserAction, type UserDetail } from '../../common/api';
import { fullName, localInputToIso } from '../../common/lib/format';
import { replaceSession } from '../../common/lib/session';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import type { HandOverPlan } from '../../../common/contract/handOver';
import { HandOverPanel } from './HandOverPanel';

type ModalKind =
  | 'deactivate'
  | 'reactivate_hr'
  | 'anonymise'
  | 'delete'
  | 'schedule'
  | 'set_password'
  | 'impersonate'
  | 'end_sessions'
  | 'reset_mfa'
  | null;

interface Props {
  user: UserDetail;
  onChanged: (message: string) => Promise<void> | void;
  onDeleted: () => void;
  onEdit?: () => void;
}

export function UserActions({ user, onChanged, onDeleted, onEdit }: Props) {
  const allowed = new Set<UserAction>(user.allowedActions ?? []);
  const [modal, setModal] = useState<ModalKind>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [scheduleAt, setScheduleAt] = useState('');
  const [password, setPassword] = useState('');
  const [handOver, setHandOver] = useState<HandOverPlan | undefined>(undefined);
  const name = fullName(user);
  const qc = useQueryClient();
  const navigate = useNavigate();

  async function run(key: string, fn: () => Promise<unknown>, message: string) {
    setBusy(key);
    try {
      await fn();
      await onChanged(message);
    } catch (e) {
      notifications.show({ title: 'Action failed', message: errorMessage(e), color: 'red' });
    } finally {
      setBusy(null);
    }
  }

  const direct = (
    key: string,
    label: string,
    fn: () => Promise<unknown>,
    message: string,
    variant: 'filled' | 'default' = 'default',
  ) => (
    <Button key={key} variant={variant} loading={busy === key} onClick={() => void run(key, fn, message)}>
      {label}
    </Button>
  );

  const buttons = [];
  if (allowed.has('invite'))
    buttons.push(
      direct('invite', 'Send invitation', () => api.inviteUser(user.id), `Invitation sent to ${name}.`, 'filled'),
    );
  if (allowed.has('resend_invite'))
    buttons.push(
      direct(
        'resend',
        'Resend invitation',
        () => api.inviteUser(user.id),
        `A new invitation was sent to ${name}; earlier links no longer work.`,
      ),
    );
  if (allowed.has('schedule_invite'))
    buttons.push(
      <Button
        key="schedule"
        variant="default"
        onClick={() => {
          setScheduleAt('');
          setModal('schedule');
        }}
      >
        Schedule invitation
      </Button>,
    );
  if (allowed.has('cancel_invite'))
    buttons.push(
      direct(
        'cancel',
        'Cancel invitation',
        () => api.userAction(user.id, 'cancel_invite'),
        `The invitation for ${name} was cancelled.`,
      ),
    );
  // HR sync deactivated them: reactivating only here is undone by the next sync, so confirm with a warning.
  if (allowed.has('reactivate'))
    buttons.push(
      user.deactivatedByHr ? (
        <Button key="reactivate" onClick={() => setModal('reactivate_hr')}>
          Reactivate
        </Button>
      ) : (
        direct(
          'reactivate',
          'Reactivate',
          () => api.userAction(user.id, 'reactivate'),
          `${name} was reactivated.`,
          'filled',
        )
      ),
    );
  if (allowed.has('restore'))
    buttons.push(
      direct('restore', 'Restore', () => api.userAction(user.id, 'restore'), `${name} was restored.`, 'filled'),
    );
  if (allowed.has('set_password'))
    buttons.push(
      <Button
        key="setpw"
        variant="default"
        onClick={() => {
          setPassword('');
          setModal('set_password');
        }}
      >
        Set password
      </Button>,
    );
  if (allowed.has('reset_mfa'))
    buttons.push(
      <Button key="reset-mfa" variant="default" onClick={() => setModal('reset_mfa')}>
        Reset second factors
      </Button>,
    );
  if (allowed.has('edit') && onEdit)
    buttons.push(
      <Button key="edit" variant="default" onClick={onEdit}>
        Edit details
      </Button>,
    );
  if (allowed.has('impersonate'))
    buttons.push(
      <Button key="impersonate" variant="default" onClick={() => setModal('impersonate')}>
        Log in as
      </Button>,
    );
  if (allowed.has('end_sessions'))
    buttons.push(
      <Button key="end_sessions" variant="default" onClick={() => setModal('end_sessions')}>
        End all sessions
      </Button>,
    );
  if (allowed.has('deactivate'))
    buttons.push(
      <Button key="deactivate" color="red" variant="outline" onClick={() => setModal('deactivate')}>
        Deactivate
      </Button>,
    );
  if (allowed.has('anonymise'))
    buttons.push(
      <Button key="anonymise" color="red" variant="outline" onClick={() => setModal('anonymise')}>
        Anonymise
      </Button>,
    );
  if (allowed.has('delete'))
    buttons.push(
      <Button key="delete" color="red" variant="outline" onClick={() => setModal('delete')}>
        Delete
      </Button>,
    );

  if (buttons.length === 0) return null;

  const close = () => setModal(null);

  return (
    <>
      <Group gap="xs" role="group" aria-label="Actions">
        {buttons}
      </Group>

      <ConfirmModal
        opened={modal === 'deactivate'}
        title={`Deactivate ${name}?`}
        danger
        onClose={close}
        onConfirm={async () => {
          await api.deactivateUser(user.id, handOver);
          await onChanged(`${name} was deactivated.`);
        }}
      >
        <Text>
          {name} will be signed out everywhere and can no longer sign in. Open invitation links stop working and
          scheduled emails are cancelled. All data is kept; you can reactivate them later.
        </Text>
        {modal === 'deactivate' && <HandOverPanel userId={user.id} name={name} onPlan={setHandOver} />}
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'reactivate_hr'}
        title={`Reactivate ${name}?`}
        confirmLabel="Reactivate anyway"
        onClose={close}
        onConfirm={async () => {
          await api.userAction(user.id, 'reactivate');
          await onChanged(`${name} was reactivated.`);
        }}
      >
        <Text>
          {name} was deactivated by HR sync (SCIM). If you reactivate them here, the next sync will deactivate them
          again unless they are also reactivated in the HR system.
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'anonymise'}
        title={`Anonymise ${name}?`}
        danger
        requireText="ANONYMISE"
        onClose={close}
        onConfirm={async () => {
          await api.userAction(user.id, 'anonymise');
          await onChanged('The person was anonymised.');
        }}
      >
        <Text>
          This cannot be undone. Name, email, profile and custom fields, notes and free text are removed for good.
          Activity records stay, linked to an anonymous pseudonym.
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'delete'}
        title={`Delete ${name}?`}
        danger
        onClose={close}
        onConfirm={async () => {
          await api.deleteUser(user.id, handOver);
          notifications.show({
            title: 'Person deleted',
            message: `${name} was deleted. An Owner or Admin can restore them within ${RESTORE_WINDOW_DAYS} days.`,
            color: 'green',
          });
          onDeleted();
        }}
      >
        <Text>
          {name} disappears from every list. An Owner or Admin can restore them with their history for{' '}
          {RESTORE_WINDOW_DAYS} days; after that they are purged for good. Their email address stays reserved until
          then.
        </Text>
        {modal === 'delete' && <HandOverPanel userId={user.id} name={name} onPlan={setHandOver} />}
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'end_sessions'}
        title={`End all sessions of ${name}?`}
        danger
        onClose={close}
        onConfirm={async () => {
          const { ended } = await accessApi.endAllSessions(user.id);
          await onChanged(ended === 1 ? `1 session of ${name} was ended.` : `${ended} sessions of ${name} were ended.`);
        }}
      >
        <Text>
          {name} will be signed out on every device and browser, and has to sign in again. Their account, password and
          data stay as they are. This is recorded in the audit log.
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'impersonate'}
        title={`Log in as ${name}?`}
        onClose={close}
        onConfirm={async () => {
          const session = await accessApi.impersonate(user.id);
          replaceSession(qc, session);
          void navigate('/', { replace: true });
        }}
      >
        <Text>
          You will see Roster exactly as {name} sees it, for 30 minutes at most. Everything you do meanwhile is recorded
          in the audit log with both your names, and starting this is audited too.
        </Text>
        <Text size="sm" c="dark.7">
          A banner stays at the top of every page; use “Return to my account” there to come back at any time.
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'schedule'}
        title={`Schedule an invitation for ${name}`}
        onClose={close}
        onConfirm={async () => {
          const iso = localInputToIso(scheduleAt);
          if (!iso) throw new Error('Choose when the invitation should be sent.');
          if (new Date(iso).getTime() <= Date.now()) throw new Error('Choose a time in the future.');
          await api.inviteUser(user.id, iso);
          await onChanged(`The invitation for ${name} was scheduled.`);
        }}
      >
        <TextInput
          label="Invitation time"
          description="Your local time"
          type="datetime-local"
          value={scheduleAt}
          onChange={(e) => setScheduleAt(e.currentTarget.value)}
          data-autofocus
        />
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'reset_mfa'}
        title={`Reset the second factors of ${name}?`}
        danger
        onClose={close}
        onConfirm={async () => {
          await mfaApi.resetFactorsOf(user.id);
          await onChanged(`The second factors of ${name} were removed.`);
        }}
      >
        <Text>
          Their authenticator app, recovery codes and passkeys stop working. At their next sign-in their password is
          enough, or, if your organisation requires a second factor, they set up a new one first.
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'set_password'}
        title={`Set a password for ${name}`}
        onClose={close}
        onConfirm={async () => {
          if (password.length < 10) throw new Error('Use at least 10 characters.');
          await api.setPassword(user.id, password);
          setPassword('');
          await onChanged(`The password for ${name} was set.`);
        }}
      >
        <Text size="sm">
          Tell the person their new password through a safe channel. Setting a password confirms the account.
        </Text>
        <TextInput
          label="New password"
          type="password"
          autoComplete="new-password"
          description="At least 10 characters"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-autofocus
        />
      </ConfirmModal>
    </>
  );
}
