import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Modal, MultiSelect, NativeSelect, Radio, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { LANGUAGES, ROLES } from '../../../common/domain';
import { api, ApiError, errorMessage, organisingApi, type InviteMode, type User } from '../../common/api';
import { LANGUAGE_NAMES } from '../../i18n';
import { CustomFieldInput } from '../../common/components/CustomFieldInput';
import { PersonPicker } from '../../common/components/PersonPicker';
import { TimeZonePicker } from '../../common/components/TimeZonePicker';
import { useSession } from '../../common/lib/session';
import { localInputToIso, roleLabel } from '../../common/lib/format';
import { FormError } from '../../common/components/ErrorAlert';
import { FormActions } from '../../common/form/FormActions';

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
  managerId: null as string | null,
  teamIds: [] as string[],
  language: null as string | null,
  timeZone: null as string | null,
  customFields: {} as Record<string, unknown>,
};
type Form = typeof EMPTY;

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

  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  // Only teams the creator manages are offered: the API refuses the others (docs/api.md, POST /users).
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams(), enabled: opened });
  const teamOptions = (teams.data?.items ?? []).filter((x) => x.canManage).map((x) => ({ value: x.id, label: x.name }));
  const fields = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), enabled: opened });

  const roleOptions = ROLES.filter((r) => r !== 'owner' || isOwner).map((r) => ({ value: r, label: roleLabel(r) }));

  function validate(): Record<string, string> {
    const fe: Record<string, string> = {};
    if (!form.email.trim()) fe.email = t('create.enterEmail');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) fe.email = t('create.enterValidEmail');
    if (!form.firstName.trim()) fe.firstName = t('create.enterFirstName');
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
        managerId: form.managerId,
        language: form.language,
        timeZone: form.timeZone,
        ...(form.teamIds.length ? { teamIds: form.teamIds } : {}),
        ...(Object.keys(form.customFields).length ? { customFields: form.customFields } : {}),
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
        const shownInline = Object.keys(f).some((k) => k in EMPTY || k.startsWith('customFields.'));
        setError(shownInline && err.code !== 'email_taken' ? t('create.correctFields') : err.message);
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  /** Text fields side by side (one above the other on a narrow screen). */
  const textRow = (...fields: [key: 'firstName' | 'lastName' | 'jobTitle' | 'department', label: string][]) => (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {fields.map(([key, label]) => (
        <TextInput
          key={key}
          label={label}
          value={form[key]}
          onChange={(e) => set(key)(e.currentTarget.value)}
          error={errors[key]}
        />
      ))}
    </SimpleGrid>
  );

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
          {textRow(['firstName', t('create.firstName')], ['lastName', t('create.lastName')])}
          <NativeSelect
            label={t('table.role')}
            data={roleOptions}
            value={form.role}
            onChange={(e) => set('role')(e.currentTarget.value)}
            error={errors.role}
            disabled={!canAssignRoles}
            description={canAssignRoles ? undefined : t('create.roleHelp')}
          />
          {textRow(['jobTitle', t('create.jobTitle')], ['department', t('create.department')])}
          <PersonPicker
            label={t('create.manager')}
            placeholder={t('create.searchPerson')}
            nothingFound={t('create.nobodyFound')}
            value={form.managerId}
            onChange={set('managerId')}
            error={errors.managerId}
          />
          <MultiSelect
            label={t('create.teams')}
            placeholder={teamOptions.length ? t('create.chooseTeams') : undefined}
            description={teams.data && !teamOptions.length ? t('create.noTeamsToManage') : undefined}
            data={teamOptions}
            value={form.teamIds}
            onChange={set('teamIds')}
            searchable
            disabled={!teamOptions.length}
            error={errors.teamIds}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('create.language')}
              placeholder={t('create.organisationLanguage')}
              data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
              value={form.language}
              onChange={set('language')}
              clearable
              error={errors.language}
            />
            <TimeZonePicker
              label={t('create.timeZone')}
              value={form.timeZone}
              onChange={set('timeZone')}
              error={errors.timeZone}
            />
          </SimpleGrid>
          {(fields.data?.items ?? []).map((field) => (
            <CustomFieldInput
              key={field.key}
              field={field}
              value={form.customFields[field.key]}
              onChange={(v) => setForm((f) => ({ ...f, customFields: { ...f.customFields, [field.key]: v } }))}
              error={errors[`customFields.${field.key}`]}
            />
          ))}
          <Radio.Group
            label={t('create.sendInvitation')}
            value={form.invite}
            onChange={(v) => set('invite')(v as InviteMode)}
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
          <FormActions busy={busy} onCancel={onClose} submitLabel={t('create.submit')} />
        </Stack>
      </form>
    </Modal>
  );
}
