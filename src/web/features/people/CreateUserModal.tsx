import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Modal, NativeSelect, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { ROLES } from '../../../common/domain';
import { api, ApiError, errorMessage, type InviteMode, type User } from '../../common/api';
import { useSession } from '../../common/lib/session';
import { localInputToIso, roleLabel } from '../../common/lib/format';
import { FormError } from '../../common/components/ErrorAlert';

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}

const EMPTY = {
  email: '',
  firstName: '',
  lastName: '',
  role: 'learner',
  jobTitle: '',
  department: '',
  invite: 'now' as InviteMode,
  inviteAt: '',
};

export function CreateUserModal({ opened, onClose, onCreated }: Props) {
  const { t } = useTranslation('people');
  const { data: session } = useSession();
  const canAssignRoles = session?.abilities.includes('roles.assign') ?? false;
  const isOwner = session?.user.role === 'owner';
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setForm(EMPTY);
      setErrors({});
      setError(null);
      setBusy(false);
    }
  }, [opened]);

  const set = (key: keyof typeof EMPTY) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const roleOptions = ROLES.filter((r) => r !== 'owner' || isOwner).map((r) => ({ value: r, label: roleLabel(r) }));

  function validate(): Record<string, string> {
    const fe: Record<string, string> = {};
    if (!form.email.trim()) fe.email = t('create.enterEmail');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) fe.email = t('create.enterValidEmail');
    if (!form.firstName.trim()) fe.firstName = t('create.enterFirstName');
    if (!form.lastName.trim()) fe.lastName = t('create.enterLastName');
    if (form.invite === 'scheduled') {
      const iso = localInputToIso(form.inviteAt);
      if (!iso) fe.inviteAt = t('create.chooseInviteTime');
      else if (new Date(iso).getTime() <= Date.now()) fe.inviteAt = t('create.chooseFutureTime');
    }
    return fe;
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const fe = validate();
    setErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    try {
      const user = await api.createUser({
        email: form.email.trim(),
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
        role: form.role as User['role'],
        jobTitle: form.jobTitle.trim() || null,
        department: form.department.trim() || null,
        invite: form.invite,
        ...(form.invite === 'scheduled' ? { inviteAt: localInputToIso(form.inviteAt) } : {}),
      });
      onCreated(user);
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        const f = err.fieldErrors;
        if (err.code === 'email_taken' && !f.email) f.email = err.message;
        setErrors(f);
        const shownInline = Object.keys(f).some((k) => k in EMPTY);
        setError(shownInline && err.code !== 'email_taken' ? t('create.correctFields') : err.message);
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('page.addPerson')} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={error} />
          <TextInput
            label={t('table.email')}
            type="email"
            autoComplete="off"
            value={form.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            error={errors.email}
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('create.firstName')}
              value={form.firstName}
              onChange={(e) => set('firstName')(e.currentTarget.value)}
              error={errors.firstName}
            />
            <TextInput
              label={t('create.lastName')}
              value={form.lastName}
              onChange={(e) => set('lastName')(e.currentTarget.value)}
              error={errors.lastName}
            />
          </SimpleGrid>
          <NativeSelect
            label={t('table.role')}
            data={roleOptions}
            value={form.role}
            onChange={(e) => set('role')(e.currentTarget.value)}
            error={errors.role}
            disabled={!canAssignRoles}
            description={canAssignRoles ? undefined : t('create.roleHelp')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('create.jobTitle')}
              value={form.jobTitle}
              onChange={(e) => set('jobTitle')(e.currentTarget.value)}
              error={errors.jobTitle}
            />
            <TextInput
              label={t('create.department')}
              value={form.department}
              onChange={(e) => set('department')(e.currentTarget.value)}
              error={errors.department}
            />
          </SimpleGrid>
          <Radio.Group
            label={t('create.sendInvitation')}
            value={form.invite}
            onChange={(v) => set('invite')(v)}
            error={errors.invite}
          >
            <Group mt="xs">
              <Radio value="now" label={t('create.inviteNow')} />
              <Radio value="scheduled" label={t('create.inviteAtTime')} />
              <Radio value="none" label={t('create.inviteNotYet')} />
            </Group>
          </Radio.Group>
          {form.invite === 'scheduled' && (
            <TextInput
              label={t('create.invitationTime')}
              description={t('create.localTime')}
              type="datetime-local"
              value={form.inviteAt}
              onChange={(e) => set('inviteAt')(e.currentTarget.value)}
              error={errors.inviteAt}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
