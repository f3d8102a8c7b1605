import { useEffect, useState } from 'react';
import { Button, Group, Modal, NativeSelect, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { ROLES, ROLE_LABELS } from '../../../common/domain';
import { api, ApiError, errorMessage, type InviteMode, type User } from '../../common/api';
import { useSession } from '../../common/lib/session';
import { localInputToIso } from '../../common/lib/format';
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

  const roleOptions = ROLES.filter((r) => r !== 'owner' || isOwner).map((r) => ({ value: r, label: ROLE_LABELS[r] }));

  function validate(): Record<string, string> {
    const fe: Record<string, string> = {};
    if (!form.email.trim()) fe.email = 'Enter an email address';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) fe.email = 'Enter a valid email address';
    if (!form.firstName.trim()) fe.firstName = 'Enter a first name';
    if (!form.lastName.trim()) fe.lastName = 'Enter a last name';
    if (form.invite === 'scheduled') {
      const iso = localInputToIso(form.inviteAt);
      if (!iso) fe.inviteAt = 'Choose when to send the invitation';
      else if (new Date(iso).getTime() <= Date.now()) fe.inviteAt = 'Choose a time in the future';
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
        setError(shownInline && err.code !== 'email_taken' ? 'Please correct the highlighted fields.' : err.message);
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Add person" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={error} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="off"
            value={form.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            error={errors.email}
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="First name"
              value={form.firstName}
              onChange={(e) => set('firstName')(e.currentTarget.value)}
              error={errors.firstName}
            />
            <TextInput
              label="Last name"
              value={form.lastName}
              onChange={(e) => set('lastName')(e.currentTarget.value)}
              error={errors.lastName}
            />
          </SimpleGrid>
          <NativeSelect
            label="Role"
            data={roleOptions}
            value={form.role}
            onChange={(e) => set('role')(e.currentTarget.value)}
            error={errors.role}
            disabled={!canAssignRoles}
            description={
              canAssignRoles ? undefined : 'New people start as learners; an administrator can change the role later.'
            }
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Job title"
              value={form.jobTitle}
              onChange={(e) => set('jobTitle')(e.currentTarget.value)}
              error={errors.jobTitle}
            />
            <TextInput
              label="Department"
              value={form.department}
              onChange={(e) => set('department')(e.currentTarget.value)}
              error={errors.department}
            />
          </SimpleGrid>
          <Radio.Group
            label="Send invitation"
            value={form.invite}
            onChange={(v) => set('invite')(v)}
            error={errors.invite}
          >
            <Group mt="xs">
              <Radio value="now" label="Now" />
              <Radio value="scheduled" label="At a time" />
              <Radio value="none" label="Not yet" />
            </Group>
          </Radio.Group>
          {form.invite === 'scheduled' && (
            <TextInput
              label="Invitation time"
              description="Your local time"
              type="datetime-local"
              value={form.inviteAt}
              onChange={(e) => set('inviteAt')(e.currentTarget.value)}
              error={errors.inviteAt}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
