// Every lifecycle action of a profile with its confirmation; the actions come from the server's allowedActions, one branch each.
import { useState } from 'react';
import { Button, Group, Text, TextInput, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { RESTORE_WINDOW_DAYS } from '../../../common/domain';
import { accessApi, api, errorMessage, mfaApi, type UserAction, type UserDetail } from '../../common/api';
import { fullName, localInputToIso } from '../../common/lib/format';
import { replaceSession } from '../../common/lib/session';
import { LocalDateTimeInput } from '../../common/components/LocalDateTimeInput';
import { ConfirmModal, type ConfirmModalProps } from '../../common/components/ConfirmModal';
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
  | 'reset_mfa';

type ButtonStyle = Pick<ButtonProps, 'variant' | 'color'>;
const DEFAULT: ButtonStyle = { variant: 'default' };
const FILLED: ButtonStyle = { variant: 'filled' };
const DANGER: ButtonStyle = { color: 'red', variant: 'outline' };

/** One action's confirmation dialog: ConfirmModal's own props, but for `opened`, which the open kind decides. */
type Confirmation = Omit<ConfirmModalProps, 'opened' | 'onClose'> & { kind: ModalKind };

interface Props {
  user: UserDetail;
  onChanged: (message: string) => Promise<void> | void;
  onDeleted: () => void;
  onEdit?: () => void;
}

export function UserActions({ user, onChanged, onDeleted, onEdit }: Props) {
  const { t } = useTranslation('profile');
  const allowed = new Set<UserAction>(user.allowedActions ?? []);
  const [modal, setModal] = useState<ModalKind | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [scheduleAt, setScheduleAt] = useState('');
  const [password, setPassword] = useState('');
  const [handOver, setHandOver] = useState<HandOverPlan | undefined>(undefined);
  const name = fullName(user);
  const qc = useQueryClient();
  const navigate = useNavigate();

  const act = (action: Parameters<typeof api.userAction>[1]) => () => api.userAction(user.id, action);

  /** Does `fn`, then tells the page what changed. */
  const andReport = (fn: () => Promise<unknown>, message: string) => async () => {
    await fn();
    await onChanged(message);
  };

  async function run(key: string, fn: () => Promise<unknown>, message: string) {
    setBusy(key);
    try {
      await andReport(fn, message)();
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
    style: ButtonStyle = DEFAULT,
  ) => (
    <Button key={key} {...style} loading={busy === key} onClick={() => void run(key, fn, message)}>
      {label}
    </Button>
  );

  /** A button that opens its confirmation; `prepare` clears what the dialog asks for. */
  const opener = (kind: ModalKind, label: string, style: ButtonStyle = DEFAULT, prepare?: () => void) => (
    <Button
      key={kind}
      {...style}
      onClick={() => {
        prepare?.();
        setModal(kind);
      }}
    >
      {label}
    </Button>
  );

  const buttons = [];
  if (allowed.has('invite'))
    buttons.push(
      direct('invite', t('actions.invite'), () => api.inviteUser(user.id), t('actions.invited', { name }), FILLED),
    );
  if (allowed.has('resend_invite'))
    buttons.push(direct('resend', t('actions.resend'), () => api.inviteUser(user.id), t('actions.resent', { name })));
  if (allowed.has('schedule_invite'))
    buttons.push(opener('schedule', t('actions.schedule'), DEFAULT, () => setScheduleAt('')));
  if (allowed.has('cancel_invite'))
    buttons.push(
      direct('cancel', t('actions.cancelInvite'), act('cancel_invite'), t('actions.inviteCancelled', { name })),
    );
  // HR sync deactivated them: reactivating only here is undone by the next sync, so confirm with a warning.
  if (allowed.has('reactivate'))
    buttons.push(
      user.deactivatedByHr
        ? opener('reactivate_hr', t('actions.reactivate'), FILLED)
        : direct('reactivate', t('actions.reactivate'), act('reactivate'), t('actions.reactivated', { name }), FILLED),
    );
  if (allowed.has('restore'))
    buttons.push(direct('restore', t('actions.restore'), act('restore'), t('actions.restored', { name }), FILLED));
  if (allowed.has('set_password'))
    buttons.push(opener('set_password', t('actions.setPassword'), DEFAULT, () => setPassword('')));
  if (allowed.has('reset_mfa')) buttons.push(opener('reset_mfa', t('actions.resetMfa')));
  if (allowed.has('edit') && onEdit)
    buttons.push(
      <Button key="edit" variant="default" onClick={onEdit}>
        {t('actions.edit')}
      </Button>,
    );
  if (allowed.has('impersonate')) buttons.push(opener('impersonate', t('actions.impersonate')));
  if (allowed.has('end_sessions')) buttons.push(opener('end_sessions', t('actions.endSessions')));
  if (allowed.has('deactivate')) buttons.push(opener('deactivate', t('actions.deactivate'), DANGER));
  if (allowed.has('anonymise')) buttons.push(opener('anonymise', t('actions.anonymise'), DANGER));
  if (allowed.has('delete')) buttons.push(opener('delete', t('actions.delete'), DANGER));

  if (buttons.length === 0) return null;

  const confirmations: Confirmation[] = [
    {
      kind: 'deactivate',
      title: t('actions.deactivateTitle', { name }),
      danger: true,
      onConfirm: andReport(() => api.deactivateUser(user.id, handOver), t('actions.deactivated', { name })),
      children: (
        <>
          <Text>{t('actions.deactivateText', { name })}</Text>
          {modal === 'deactivate' && <HandOverPanel userId={user.id} name={name} onPlan={setHandOver} />}
        </>
      ),
    },
    {
      kind: 'reactivate_hr',
      title: t('actions.reactivateHrTitle', { name }),
      confirmLabel: t('actions.reactivateAnyway'),
      onConfirm: andReport(act('reactivate'), t('actions.reactivated', { name })),
      children: <Text>{t('actions.reactivateHrText', { name })}</Text>,
    },
    {
      kind: 'anonymise',
      title: t('actions.anonymiseTitle', { name }),
      danger: true,
      requireText: t('actions.anonymiseWord'),
      onConfirm: andReport(act('anonymise'), t('actions.anonymised')),
      children: <Text>{t('actions.anonymiseText')}</Text>,
    },
    {
      kind: 'delete',
      title: t('actions.deleteTitle', { name }),
      danger: true,
      onConfirm: async () => {
        await api.deleteUser(user.id, handOver);
        notifications.show({
          title: t('actions.deletedTitle'),
          message: t('actions.deleted', { name, count: RESTORE_WINDOW_DAYS }),
          color: 'green',
        });
        onDeleted();
      },
      children: (
        <>
          <Text>{t('actions.deleteText', { name, count: RESTORE_WINDOW_DAYS })}</Text>
          {modal === 'delete' && <HandOverPanel userId={user.id} name={name} onPlan={setHandOver} />}
        </>
      ),
    },
    {
      kind: 'end_sessions',
      title: t('actions.endSessionsTitle', { name }),
      danger: true,
      onConfirm: async () => {
        const { ended } = await accessApi.endAllSessions(user.id);
        await onChanged(t('actions.sessionsEnded', { name, count: ended }));
      },
      children: <Text>{t('actions.endSessionsText', { name })}</Text>,
    },
    {
      kind: 'impersonate',
      title: t('actions.impersonateTitle', { name }),
      onConfirm: async () => {
        const session = await accessApi.impersonate(user.id);
        replaceSession(qc, session);
        void navigate('/', { replace: true });
      },
      children: (
        <>
          <Text>{t('actions.impersonateText', { name })}</Text>
          <Text size="sm" c="dark.7">
            {t('actions.impersonateBanner')}
          </Text>
        </>
      ),
    },
    {
      kind: 'schedule',
      title: t('actions.scheduleTitle', { name }),
      onConfirm: async () => {
        const iso = localInputToIso(scheduleAt);
        if (!iso) throw new Error(t('actions.scheduleWhenMissing'));
        if (new Date(iso).getTime() <= Date.now()) throw new Error(t('actions.scheduleInFuture'));
        await api.inviteUser(user.id, iso);
        await onChanged(t('actions.scheduled', { name }));
      },
      children: (
        <LocalDateTimeInput
          label={t('actions.scheduleTime')}
          description={t('actions.yourLocalTime')}
          value={scheduleAt}
          onChange={setScheduleAt}
          data-autofocus
        />
      ),
    },
    {
      kind: 'reset_mfa',
      title: t('actions.resetMfaTitle', { name }),
      danger: true,
      onConfirm: andReport(() => mfaApi.resetFactorsOf(user.id), t('actions.mfaReset', { name })),
      children: <Text>{t('actions.resetMfaText')}</Text>,
    },
    {
      kind: 'set_password',
      title: t('actions.setPasswordTitle', { name }),
      onConfirm: async () => {
        if (password.length < 10) throw new Error(t('actions.passwordTooShort'));
        await api.setPassword(user.id, password);
        setPassword('');
        await onChanged(t('actions.passwordSet', { name }));
      },
      children: (
        <>
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
        </>
      ),
    },
  ];

  return (
    <>
      <Group gap="xs" role="group" aria-label={t('actions.group')}>
        {buttons}
      </Group>
      {confirmations.map(({ kind, ...props }) => (
        <ConfirmModal key={kind} opened={modal === kind} onClose={() => setModal(null)} {...props} />
      ))}
    </>
  );
}
