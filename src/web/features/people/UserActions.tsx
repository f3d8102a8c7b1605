// Over 300 lines: every lifecycle action of a profile with its confirmation; the actions come from the server's allowedActions, one branch each.
import { useState } from 'react';
import { Button, Group, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('profile');
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
      notifications.show({ title: t('actions.failed'), message: errorMessage(e), color: 'red' });
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
      direct('invite', t('actions.invite'), () => api.inviteUser(user.id), t('actions.invited', { name }), 'filled'),
    );
  if (allowed.has('resend_invite'))
    buttons.push(direct('resend', t('actions.resend'), () => api.inviteUser(user.id), t('actions.resent', { name })));
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
        {t('actions.schedule')}
      </Button>,
    );
  if (allowed.has('cancel_invite'))
    buttons.push(
      direct(
        'cancel',
        t('actions.cancelInvite'),
        () => api.userAction(user.id, 'cancel_invite'),
        t('actions.inviteCancelled', { name }),
      ),
    );
  // HR sync deactivated them: reactivating only here is undone by the next sync, so confirm with a warning.
  if (allowed.has('reactivate'))
    buttons.push(
      user.deactivatedByHr ? (
        <Button key="reactivate" onClick={() => setModal('reactivate_hr')}>
          {t('actions.reactivate')}
        </Button>
      ) : (
        direct(
          'reactivate',
          t('actions.reactivate'),
          () => api.userAction(user.id, 'reactivate'),
          t('actions.reactivated', { name }),
          'filled',
        )
      ),
    );
  if (allowed.has('restore'))
    buttons.push(
      direct(
        'restore',
        t('actions.restore'),
        () => api.userAction(user.id, 'restore'),
        t('actions.restored', { name }),
        'filled',
      ),
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
        {t('actions.setPassword')}
      </Button>,
    );
  if (allowed.has('reset_mfa'))
    buttons.push(
      <Button key="reset-mfa" variant="default" onClick={() => setModal('reset_mfa')}>
        {t('actions.resetMfa')}
      </Button>,
    );
  if (allowed.has('edit') && onEdit)
    buttons.push(
      <Button key="edit" variant="default" onClick={onEdit}>
        {t('actions.edit')}
      </Button>,
    );
  if (allowed.has('impersonate'))
    buttons.push(
      <Button key="impersonate" variant="default" onClick={() => setModal('impersonate')}>
        {t('actions.impersonate')}
      </Button>,
    );
  if (allowed.has('end_sessions'))
    buttons.push(
      <Button key="end_sessions" variant="default" onClick={() => setModal('end_sessions')}>
        {t('actions.endSessions')}
      </Button>,
    );
  if (allowed.has('deactivate'))
    buttons.push(
      <Button key="deactivate" color="red" variant="outline" onClick={() => setModal('deactivate')}>
        {t('actions.deactivate')}
      </Button>,
    );
  if (allowed.has('anonymise'))
    buttons.push(
      <Button key="anonymise" color="red" variant="outline" onClick={() => setModal('anonymise')}>
        {t('actions.anonymise')}
      </Button>,
    );
  if (allowed.has('delete'))
    buttons.push(
      <Button key="delete" color="red" variant="outline" onClick={() => setModal('delete')}>
        {t('actions.delete')}
      </Button>,
    );

  if (buttons.length === 0) return null;

  const close = () => setModal(null);

  return (
    <>
      <Group gap="xs" role="group" aria-label={t('actions.group')}>
        {buttons}
      </Group>

      <ConfirmModal
        opened={modal === 'deactivate'}
        title={t('actions.deactivateTitle', { name })}
        danger
        onClose={close}
        onConfirm={async () => {
          await api.deactivateUser(user.id, handOver);
          await onChanged(t('actions.deactivated', { name }));
        }}
      >
        <Text>{t('actions.deactivateText', { name })}</Text>
        {modal === 'deactivate' && <HandOverPanel userId={user.id} name={name} onPlan={setHandOver} />}
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'reactivate_hr'}
        title={t('actions.reactivateHrTitle', { name })}
        confirmLabel={t('actions.reactivateAnyway')}
        onClose={close}
        onConfirm={async () => {
          await api.userAction(user.id, 'reactivate');
          await onChanged(t('actions.reactivated', { name }));
        }}
      >
        <Text>{t('actions.reactivateHrText', { name })}</Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'anonymise'}
        title={t('actions.anonymiseTitle', { name })}
        danger
        requireText={t('actions.anonymiseWord')}
        onClose={close}
        onConfirm={async () => {
          await api.userAction(user.id, 'anonymise');
          await onChanged(t('actions.anonymised'));
        }}
      >
        <Text>{t('actions.anonymiseText')}</Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'delete'}
        title={t('actions.deleteTitle', { name })}
        danger
        onClose={close}
        onConfirm={async () => {
          await api.deleteUser(user.id, handOver);
          notifications.show({
            title: t('actions.deletedTitle'),
            message: t('actions.deleted', { name, count: RESTORE_WINDOW_DAYS }),
            color: 'green',
          });
          onDeleted();
        }}
      >
        <Text>{t('actions.deleteText', { name, count: RESTORE_WINDOW_DAYS })}</Text>
        {modal === 'delete' && <HandOverPanel userId={user.id} name={name} onPlan={setHandOver} />}
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'end_sessions'}
        title={t('actions.endSessionsTitle', { name })}
        danger
        onClose={close}
        onConfirm={async () => {
          const { ended } = await accessApi.endAllSessions(user.id);
          await onChanged(t('actions.sessionsEnded', { name, count: ended }));
        }}
      >
        <Text>{t('actions.endSessionsText', { name })}</Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'impersonate'}
        title={t('actions.impersonateTitle', { name })}
        onClose={close}
        onConfirm={async () => {
          const session = await accessApi.impersonate(user.id);
          replaceSession(qc, session);
          void navigate('/', { replace: true });
        }}
      >
        <Text>{t('actions.impersonateText', { name })}</Text>
        <Text size="sm" c="dark.7">
          {t('actions.impersonateBanner')}
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'schedule'}
        title={t('actions.scheduleTitle', { name })}
        onClose={close}
        onConfirm={async () => {
          const iso = localInputToIso(scheduleAt);
          if (!iso) throw new Error(t('actions.scheduleWhenMissing'));
          if (new Date(iso).getTime() <= Date.now()) throw new Error(t('actions.scheduleInFuture'));
          await api.inviteUser(user.id, iso);
          await onChanged(t('actions.scheduled', { name }));
        }}
      >
        <TextInput
          label={t('actions.scheduleTime')}
          description={t('actions.yourLocalTime')}
          type="datetime-local"
          value={scheduleAt}
          onChange={(e) => setScheduleAt(e.currentTarget.value)}
          data-autofocus
        />
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'reset_mfa'}
        title={t('actions.resetMfaTitle', { name })}
        danger
        onClose={close}
        onConfirm={async () => {
          await mfaApi.resetFactorsOf(user.id);
          await onChanged(t('actions.mfaReset', { name }));
        }}
      >
        <Text>{t('actions.resetMfaText')}</Text>
      </ConfirmModal>

      <ConfirmModal
        opened={modal === 'set_password'}
        title={t('actions.setPasswordTitle', { name })}
        onClose={close}
        onConfirm={async () => {
          if (password.length < 10) throw new Error(t('actions.passwordTooShort'));
          await api.setPassword(user.id, password);
          setPassword('');
          await onChanged(t('actions.passwordSet', { name }));
        }}
      >
        <Text size="sm">{t('actions.setPasswordText')}</Text>
        <TextInput
          label={t('actions.newPassword')}
          type="password"
          autoComplete="new-password"
          description={t('actions.passwordHint')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-autofocus
        />
      </ConfirmModal>
    </>
  );
}
