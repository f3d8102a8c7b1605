import { useTranslation } from 'react-i18next';
import { Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type UpdateMeInput, type User } from '../../common/api';
import { FormError } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { SubmitButton } from '../../common/form/SubmitButton';
import { textFields } from '../../common/form/textFields';
import { useFields, useFormState } from '../../common/form/useFormState';
import { useSubmit, type FieldErrors } from '../../common/form/useSubmit';
import { SignInSecurity } from '../signin/SignInSecurity';
import { NotificationPreferences } from '../notifications/NotificationPreferences';
import { OwnPersonalData } from './OwnPersonalData';
import { DirectoryVisibility } from './DirectoryVisibility';
import { SessionsSection } from './SessionsSection';
import { MyCustomFields } from './MyCustomFields';
import { StatusBadge } from '../../common/components/StatusBadge';
import { dateInputToEndOfDayIso, fullName, isoToDateInput, roleLabel } from '../../common/lib/format';
import { SESSION_KEY } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { LANGUAGES } from '../../../common/domain';
import { applyLanguage, LANGUAGE_NAMES, pickLanguage } from '../../i18n';
import { SectionHeading } from '../../common/components/SectionHeading';

/** The profile form's fields, filled from the signed-in person. */
const profileFields = (me: User) => ({
  ...textFields(me, ['firstName', 'lastName', 'jobTitle', 'phone', 'language', 'timeZone']),
  onBreak: Boolean(me.onBreak),
  breakUntil: isoToDateInput(me.breakUntil),
});

/** The profile's language: each Roster speaks, named in itself; none follows this browser or the organisation. */
function LanguageSelect({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (language: string) => void;
  error?: string;
}) {
  const { t } = useTranslation('me');
  const own = LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }));
  // A tag set elsewhere (an import, HR sync) that is none of ours stays selectable, so saving keeps it.
  const other = value && !own.some((o) => o.value === value) ? [{ value, label: value }] : [];
  return (
    <NativeSelect
      label={t('profile.language')}
      description={t('profile.languageHint')}
      data={[{ value: '', label: t('profile.languageAuto') }, ...own, ...other]}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}

function ProfileForm({ me }: { me: User }) {
  const { t } = useTranslation('me');
  const qc = useQueryClient();
  const { form, set, text: bind, checked } = useFormState(me, profileFields);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();
  const check: FieldErrors = {};
  if (!form.firstName.trim()) check.firstName = t('profile.firstNameMissing');
  if (!form.lastName.trim()) check.lastName = t('profile.lastNameMissing');

  async function save() {
    const body: UpdateMeInput = {
      firstName: form.firstName.trim(),
      lastName: form.lastName.trim(),
      jobTitle: form.jobTitle.trim() || null,
      phone: form.phone.trim() || null,
      language: form.language.trim() || null,
      timeZone: form.timeZone.trim() || null,
    };
    if (me.status === 'confirmed') {
      body.onBreak = form.onBreak;
      body.breakUntil = form.onBreak && form.breakUntil ? (dateInputToEndOfDayIso(form.breakUntil) ?? null) : null;
    }
    const saved = await api.updateMe(body);
    qc.setQueryData(['me'], saved);
    // The new language applies at once (docs/decisions/021-languages.md); without one, the session's rule decides.
    const language = pickLanguage(saved.language);
    if (language) applyLanguage(language);
    await qc.invalidateQueries({ queryKey: SESSION_KEY });
  }

  const text = (key: 'firstName' | 'lastName' | 'jobTitle' | 'phone' | 'timeZone', type?: string) => (
    <TextInput label={t(`profile.${key}`)} type={type} {...bind(key)} error={errors[key]} />
  );

  return (
    <form
      onSubmit={onSubmit(save, { check, success: t('profile.saved') })}
      noValidate
      aria-labelledby="profile-heading"
    >
      <Stack>
        <SectionHeading id="profile-heading" title={t('profile.heading')} />
        <FormError message={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('firstName')}
          {text('lastName')}
          {text('jobTitle')}
          {text('phone', 'tel')}
          <LanguageSelect value={form.language} onChange={(l) => set('language', l)} error={errors.language} />
          {text('timeZone')}
        </SimpleGrid>
        {me.status === 'confirmed' && (
          <Group align="flex-end">
            <Checkbox label={t('profile.onBreak')} description={t('profile.onBreakHint')} {...checked('onBreak')} />
            {form.onBreak && (
              <TextInput
                label={t('profile.breakUntil')}
                type="date"
                {...bind('breakUntil')}
                error={errors.breakUntil}
              />
            )}
          </Group>
        )}
        <SubmitButton busy={busy}>{t('profile.save')}</SubmitButton>
      </Stack>
    </form>
  );
}

const NO_PASSWORDS = { current: '', next: '', confirm: '' };

function PasswordForm() {
  const { t } = useTranslation('me');
  const { form, setForm, text } = useFields(NO_PASSWORDS);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();
  const check: FieldErrors = {};
  if (!form.current) check.currentPassword = t('password.currentMissing');
  if (form.next.length < 10) check.newPassword = t('password.tooShort');
  if (form.confirm !== form.next) check.confirm = t('password.mismatch');

  async function change() {
    await api.changePassword(form.current, form.next);
    setForm(NO_PASSWORDS);
  }

  /** The current password fills in from the browser's store; the new one and its repeat are offered a new one. */
  const password = (key: keyof typeof NO_PASSWORDS, label: string, error?: string, description?: string) => (
    <TextInput
      label={label}
      type="password"
      autoComplete={key === 'current' ? 'current-password' : 'new-password'}
      description={description}
      {...text(key)}
      error={error}
    />
  );

  return (
    <form
      onSubmit={onSubmit(change, { check, success: t('password.changed') })}
      noValidate
      aria-labelledby="password-heading"
    >
      <Stack maw={420}>
        <SectionHeading id="password-heading" title={t('password.heading')} />
        <FormError message={error} />
        {password('current', t('password.current'), errors.currentPassword)}
        {password('next', t('password.new'), errors.newPassword, t('password.newHint'))}
        {password('confirm', t('password.repeat'), errors.confirm)}
        <SubmitButton busy={busy}>{t('password.submit')}</SubmitButton>
      </Stack>
    </form>
  );
}

export function MePage() {
  const { t } = useTranslation('me');
  usePageTitle(t('title'));
  const q = useQuery({ queryKey: ['me'], queryFn: () => api.getMe() });
  return (
    <Stack gap="lg">
      <Title order={1}>{t('title')}</Title>
      <QueryState query={q} loading={t('loading')} errorTitle={t('loadFailed')}>
        {(me) => (
          <>
            <Group gap="sm">
              <Text fw={600} c="dark.9">
                {fullName(me)}
              </Text>
              <Text c="dark.7">{me.email}</Text>
              <Text c="dark.7">{roleLabel(me.role)}</Text>
              <StatusBadge status={me.status} />
            </Group>
            <Paper withBorder p="md">
              <ProfileForm me={me} />
            </Paper>
            <MyCustomFields me={me} />
            <DirectoryVisibility me={me} />
            <Paper withBorder p="md">
              <PasswordForm />
            </Paper>
            <Paper withBorder p="md">
              <SessionsSection />
            </Paper>
            <Paper withBorder p="md">
              <NotificationPreferences />
            </Paper>
            <Paper withBorder p="md">
              <OwnPersonalData email={me.email} />
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="security-heading">
              <Stack>
                <SectionHeading id="security-heading" title={t('security')} />
                <SignInSecurity />
              </Stack>
            </Paper>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
