import { useTranslation } from 'react-i18next';
import { Checkbox, Group, NativeSelect, NumberInput, Paper, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LANGUAGES, type Language } from '../../../common/domain';
import { api, type Settings } from '../../common/api';
import { FormError } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { SubmitButton } from '../../common/form/SubmitButton';
import { useFormState } from '../../common/form/useFormState';
import { useSubmit } from '../../common/form/useSubmit';
import { TokensPanel } from './TokensPanel';
import { SeatFields } from './SeatFields';
import { CustomFieldsPanel } from './CustomFieldsPanel';
import { PermissionProfilesPanel } from './PermissionProfilesPanel';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { LANGUAGE_NAMES } from '../../i18n';
import { SectionHeading } from '../../common/components/SectionHeading';

/** The strength estimator's scores (0 to 4), each with what it means. */
const PASSWORD_SCORES = ['0', '1', '2', '3', '4'] as const;

/** The whole-number settings' inputs: the lowest and highest each accepts. */
const NUMBER_BOUNDS = {
  invitationExpiryDays: { min: 1, max: 365 },
  sessionIdleMinutes: { min: 5, max: 43200 },
  sessionAbsoluteHours: { min: 1, max: 2160 },
  eventRetentionDays: { min: 1, max: 3650 },
} as const;

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const { form, setForm, set, text, checked, number } = useFormState(settings, (s: Settings) => s);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();
  const save = async () => qc.setQueryData(['settings'], await api.updateSettings(form));
  /** A whole-number setting's input: its bounds, its value and its error. */
  const numberSetting = (key: keyof typeof NUMBER_BOUNDS) => ({
    ...NUMBER_BOUNDS[key],
    ...number(key),
    error: errors[key],
  });
  /** A setting's label and, under it, its hint: the keys `<name>` and `<name>Hint`. */
  const labelAndHint = (name: string) => ({ label: t(name), description: t(`${name}Hint`) });

  return (
    <form onSubmit={onSubmit(save, { success: t('org.saved') })} noValidate aria-labelledby="org-settings-heading">
      <Stack>
        <SectionHeading id="org-settings-heading" title={t('org.heading')} />
        <FormError message={error} />
        <TextInput label={t('org.name')} {...text('organisationName')} error={errors.organisationName} />
        <NativeSelect
          label={t('defaultLanguage.label')}
          description={t('defaultLanguage.description')}
          data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          value={form.defaultLanguage}
          onChange={(e) => set('defaultLanguage', e.currentTarget.value as Language)}
          error={errors.defaultLanguage}
          maw={320}
        />
        <NumberInput label={t('org.invitationExpiryDays')} {...numberSetting('invitationExpiryDays')} maw={320} />
        <Checkbox label={t('org.managersMayEditReports')} {...checked('managersMayEditReports')} />
        <Checkbox label={t('org.usersMayChangeOwnEmail')} {...checked('usersMayChangeOwnEmail')} />
        <Checkbox label={t('org.directoryEnabled')} {...checked('directoryEnabled')} />
        <Checkbox {...labelAndHint('org.deactivationNotice')} {...checked('deactivationNotice')} />
        <Title order={3} size="h4">
          {t('security.heading')}
        </Title>
        <Switch {...labelAndHint('security.mfaForAdmins')} {...checked('mfaRequiredForAdmins')} />
        <Switch {...labelAndHint('security.mfaForEveryone')} {...checked('mfaRequiredForEveryone')} />
        <Group align="flex-start">
          <NumberInput label={t('security.sessionIdleMinutes')} {...numberSetting('sessionIdleMinutes')} maw={320} />
          <NumberInput
            label={t('security.sessionAbsoluteHours')}
            {...numberSetting('sessionAbsoluteHours')}
            maw={320}
          />
        </Group>
        <NativeSelect
          label={t('security.passwordMinScore')}
          description={t('security.passwordMinScoreHint')}
          data={PASSWORD_SCORES.map((score) => ({ value: score, label: t(`security.passwordScore.${score}`) }))}
          value={String(form.passwordMinScore)}
          onChange={(e) => set('passwordMinScore', Number(e.currentTarget.value))}
          error={errors.passwordMinScore}
          maw={420}
        />
        <SeatFields form={form} setForm={setForm} errors={errors} />
        <Title order={3} size="h4">
          {t('integrations.heading')}
        </Title>
        <NumberInput
          {...labelAndHint('integrations.eventRetentionDays')}
          {...numberSetting('eventRetentionDays')}
          maw={420}
        />
        <SubmitButton busy={busy}>{t('org.save')}</SubmitButton>
      </Stack>
    </form>
  );
}

export function SettingsPage() {
  const { t } = useTranslation('settings');
  usePageTitle(t('title'));
  const q = useQuery({ queryKey: ['settings'], queryFn: () => api.settings() });
  return (
    <Stack gap="lg">
      <Title order={1}>{t('title')}</Title>
      <Paper withBorder p="md">
        <QueryState query={q} loading={t('loading')} errorTitle={t('loadFailed')}>
          {(settings) => <SettingsForm settings={settings} />}
        </QueryState>
      </Paper>
      <Paper withBorder p="md">
        <CustomFieldsPanel />
      </Paper>
      <Paper withBorder p="md">
        <PermissionProfilesPanel />
      </Paper>
      <Paper withBorder p="md">
        <TokensPanel kind="apiTokens" />
      </Paper>
    </Stack>
  );
}
