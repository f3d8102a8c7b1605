// Over 300 lines: one form for every profile field, custom fields included; it shrinks when the fields are declared once (the spine issue's users/fields.ts).
import { useMemo, useState } from 'react';
import { Alert, Checkbox, Group, NativeSelect, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n';
import { ROLES } from '../../../common/domain';
import { api, ApiError, errorMessage, type CustomField, type UpdateUserInput, type UserDetail } from '../../common/api';
import {
  dateInputToEndOfDayIso,
  fullName,
  isoToDateInput,
  isoToLocalInput,
  localInputToIso,
  roleLabel,
} from '../../common/lib/format';
import { useSession } from '../../common/lib/session';
import { CustomFieldInput } from '../../common/components/CustomFieldInput';
import { LocalDateTimeInput } from '../../common/components/LocalDateTimeInput';
import { FormError } from '../../common/components/ErrorAlert';
import { FormActions } from '../../common/form/FormActions';
import { textFields } from '../../common/form/textFields';

interface Props {
  user: UserDetail;
  customFields: CustomField[];
  onSaved: () => Promise<void> | void;
  onCancel: () => void;
}

type Form = {
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  jobTitle: string;
  department: string;
  location: string;
  phone: string;
  language: string;
  timeZone: string;
  hireDate: string;
  employeeId: string;
  managerId: string;
  expiresAt: string;
  onBreak: boolean;
  breakUntil: string;
  customFields: Record<string, unknown>;
};

/** The fields the form holds as they are, '' for none; like hireDate, each is sent trimmed, null when emptied. */
const TEXT_KEYS = [
  'email',
  'firstName',
  'lastName',
  'jobTitle',
  'department',
  'location',
  'phone',
  'language',
  'timeZone',
  'employeeId',
  'managerId',
] as const;

function toForm(u: UserDetail): Form {
  return {
    ...textFields(u, TEXT_KEYS),
    role: u.role,
    hireDate: isoToDateInput(u.hireDate),
    expiresAt: isoToLocalInput(u.expiresAt),
    onBreak: Boolean(u.onBreak),
    breakUntil: isoToDateInput(u.breakUntil),
    customFields: { ...(u.customFields ?? {}) },
  };
}

type TextKey = (typeof TEXT_KEYS)[number] | 'hireDate';

/** Plain text inputs; each label is profile:field.<key>. */
const TEXT_FIELDS: { key: TextKey; type?: string }[] = [
  { key: 'jobTitle' },
  { key: 'department' },
  { key: 'location' },
  { key: 'phone', type: 'tel' },
  { key: 'language' },
  { key: 'timeZone' },
  { key: 'hireDate', type: 'date' },
  { key: 'employeeId' },
];

/** Why an input is read-only, in the UI's language (read when rendered, so it follows a language change). */
const hrReason = () => i18next.t('profile:edit.hrReason');

function LockIcon() {
  return (
    <svg
      aria-hidden="true"
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
    >
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

/** Props that make an HR-managed input read-only and say why (the server refuses changes with 409 managed_by_hr). */
function hrProps(managed: Set<string>, key: string) {
  return managed.has(key)
    ? { readOnly: true, variant: 'filled' as const, leftSection: <LockIcon />, description: hrReason() }
    : {};
}

export function ManagerSelect({
  value,
  onChange,
  excludeId,
  error,
  hrManaged,
  label,
  placeholder,
}: {
  value: string;
  onChange: (v: string) => void;
  excludeId: string;
  error?: string;
  hrManaged?: boolean;
  label?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation('profile');
  const shownLabel = label ?? t('field.manager');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const current = useQuery({
    queryKey: ['user', value],
    queryFn: () => api.getUser(value),
    enabled: Boolean(value),
    retry: false,
    staleTime: 300_000,
  });
  const results = useQuery({
    queryKey: ['manager-search', debounced],
    queryFn: () => api.listUsers({ q: debounced, sort: 'name' }, null, 20),
    staleTime: 30_000,
  });
  const data = useMemo(() => {
    const map = new Map<string, string>();
    if (value) map.set(value, current.data ? fullName(current.data) : value);
    for (const u of results.data?.items ?? [])
      if (u.id !== excludeId) map.set(u.id, `${fullName(u)}${u.email ? ` (${u.email})` : ''}`);
    return [...map].map(([v, label]) => ({ value: v, label }));
  }, [value, current.data, results.data, excludeId]);
  return (
    <Select
      label={shownLabel}
      placeholder={placeholder ?? t('edit.noManager')}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('edit.clear', { label: shownLabel.toLowerCase() }) }}
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      onSearchChange={setSearch}
      nothingFoundMessage={t('edit.nobodyFound')}
      filter={({ options }) => options}
      error={error}
      readOnly={hrManaged}
      description={hrManaged ? hrReason() : undefined}
      leftSection={hrManaged ? <LockIcon /> : undefined}
    />
  );
}

export function UserEditForm({ user, customFields, onSaved, onCancel }: Props) {
  const { t } = useTranslation('profile');
  const { data: session } = useSession();
  // What may change comes from the server's allowedActions (modules/access/people.ts), never from roles here.
  const canRoles = user.allowedActions.includes('change_role');
  const canLifecycle = user.allowedActions.includes('set_expiry');
  const initial = useMemo(() => toForm(user), [user]);
  const [form, setForm] = useState<Form>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const hr = new Set(user.hrManagedFields ?? []);

  function diff(): UpdateUserInput {
    const out: Record<string, unknown> = {};
    const str = (k: keyof Form) => {
      const a = (form[k] as string).trim();
      const b = (initial[k] as string).trim();
      if (a !== b) out[k] = a === '' ? null : a;
    };
    [...TEXT_KEYS, 'hireDate' as const].forEach(str);
    if (form.role !== initial.role) out.role = form.role;
    if (form.expiresAt !== initial.expiresAt)
      out.expiresAt = form.expiresAt ? (localInputToIso(form.expiresAt) ?? null) : null;
    if (form.onBreak !== initial.onBreak) out.onBreak = form.onBreak;
    // The form holds a day; the API takes the end of that day as an instant (format.ts, dateInputToEndOfDayIso).
    if (form.onBreak && form.breakUntil !== initial.breakUntil)
      out.breakUntil = form.breakUntil ? (dateInputToEndOfDayIso(form.breakUntil) ?? null) : null;
    if (!form.onBreak && initial.breakUntil) out.breakUntil = null;
    if (JSON.stringify(form.customFields) !== JSON.stringify(initial.customFields))
      out.customFields = form.customFields;
    return out as UpdateUserInput;
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const fe: Record<string, string> = {};
    if (!form.firstName.trim()) fe.firstName = t('edit.enterFirstName');
    if (!form.lastName.trim()) fe.lastName = t('edit.enterLastName');
    if (!form.email.trim()) fe.email = t('edit.enterEmail');
    setErrors(fe);
    if (Object.keys(fe).length) return;
    const patch = diff();
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      await api.updateUser(user.id, patch);
      await onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors);
        if (err.code === 'email_taken') setErrors({ ...err.fieldErrors, email: err.message });
      }
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  /** A text input bound to a field; read-only, saying why, when HR sync manages the field. */
  const textInput = (key: TextKey, label: string, type?: string) => (
    <TextInput
      key={key}
      label={label}
      type={type}
      value={form[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key]}
      {...hrProps(hr, key)}
    />
  );

  const roleOptions = ROLES.filter((r) => r !== 'owner' || session?.user.role === 'owner' || user.role === 'owner').map(
    (r) => ({ value: r, label: roleLabel(r) }),
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="edit-heading">
      <Stack>
        <Title order={2} id="edit-heading" size="h3">
          {t('edit.title')}
        </Title>
        <FormError message={error} />
        {hr.size > 0 && (
          <Alert color="gray" variant="light" icon={<LockIcon />} styles={{ message: { color: '#212529' } }}>
            {t('edit.hrNotice', { reason: hrReason() })}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {textInput('firstName', t('edit.firstName'))}
          {textInput('lastName', t('edit.lastName'))}
          {textInput('email', t('field.email'), 'email')}
          {canRoles ? (
            <NativeSelect
              label={t('field.role')}
              data={roleOptions}
              value={form.role}
              onChange={(e) => set('role', e.currentTarget.value)}
              error={errors.role}
            />
          ) : null}
          {TEXT_FIELDS.map((f) => textInput(f.key, t(`field.${f.key}`), f.type))}
          <ManagerSelect
            value={form.managerId}
            onChange={(v) => set('managerId', v)}
            excludeId={user.id}
            error={errors.managerId}
            hrManaged={hr.has('managerId')}
          />
          {canLifecycle && (
            <LocalDateTimeInput
              label={t('edit.accessExpires')}
              description={t('edit.noExpiry')}
              value={form.expiresAt}
              onChange={(v) => set('expiresAt', v)}
              error={errors.expiresAt}
            />
          )}
        </SimpleGrid>
        {user.status === 'confirmed' && (
          <Group align="flex-end">
            <Checkbox
              label={t('edit.takingBreak')}
              checked={form.onBreak}
              onChange={(e) => set('onBreak', e.currentTarget.checked)}
              mb={8}
            />
            {form.onBreak && (
              <TextInput
                label={t('edit.breakEnds')}
                type="date"
                value={form.breakUntil}
                onChange={(e) => set('breakUntil', e.currentTarget.value)}
                error={errors.breakUntil}
              />
            )}
          </Group>
        )}
        {customFields.length > 0 && (
          <>
            <Title order={3} size="h4">
              {t('field.customFields')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {customFields.map((cf) => (
                <CustomFieldInput
                  key={cf.key}
                  field={cf}
                  value={form.customFields[cf.key]}
                  onChange={(v) => set('customFields', { ...form.customFields, [cf.key]: v })}
                  error={errors[`customFields.${cf.key}`] ?? errors[`cf.${cf.key}`]}
                />
              ))}
            </SimpleGrid>
          </>
        )}
        <FormActions busy={busy} onCancel={onCancel} submitLabel={t('edit.save')} cancelLabel={t('edit.cancel')} />
      </Stack>
    </form>
  );
}
