// Over 300 lines: the page holds the self sign-up and OpenID Connect forms (SAML is in SamlSettingsForm.tsx); the OIDC form is the next to move out.
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, organisingApi } from '../../common/api';
import { waysInApi, type SelfSignupSettings, type SsoSettings, type SsoTestResult } from './waysInApi';
import { ErrorAlert, FormError } from '../../common/components/ErrorAlert';
import { FullPageLoader } from '../../app/RequireAuth';
import { ToneBadge } from '../../common/components/StatusBadge';
import { formatDateTime, roleLabel, splitList, teamSelectData } from '../../common/lib/format';
import { useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';
import { DetailRow as Row, READABLE } from '../../common/components/DetailRow';
import { ReadOnlyFieldset } from '../../common/form/ReadOnlyFieldset';
import { SubmitButton } from '../../common/form/SubmitButton';
import { useFormState } from '../../common/form/useFormState';
import { useSubmit } from '../../common/form/useSubmit';
import { SamlForm } from './SamlSettingsForm';
import { SectionHeading } from '../../common/components/SectionHeading';

const domains = (s: string) => splitList(s.toLowerCase());

/** Settings for the ways in: self sign-up and single sign-on (OpenID Connect, SAML). */
export function SignInSettingsPage() {
  const { t } = useTranslation('signin');
  usePageTitle(t('settings.title'));
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => waysInApi.signInSettings() });
  if (settings.isPending) return <FullPageLoader />;
  if (settings.error) return <ErrorAlert error={settings.error} />;
  return (
    <Stack gap="xl">
      <Title order={1}>{t('settings.title')}</Title>
      <SelfSignupForm value={settings.data.selfSignup} />
      <SsoForm value={settings.data.sso} />
      <SamlForm />
    </Stack>
  );
}

/** Saves part of the sign-in settings; the page's settings are fetched again. */
function useSave() {
  const qc = useQueryClient();
  const submit = useSubmit();
  const save = (patch: Parameters<typeof waysInApi.updateSignInSettings>[0]) => async () => {
    await waysInApi.updateSignInSettings(patch);
    await qc.invalidateQueries({ queryKey: ['settings'] });
  };
  return { ...submit, save };
}

/** The roles a self-signed-up account may get: none that manages people. */
const SIGNUP_ROLES = ['learner', 'reporter', 'learning_designer', 'curator'] as const;

function SelfSignupForm({ value }: { value: SelfSignupSettings }) {
  const { t } = useTranslation('signin');
  const { form, set, text, checked } = useFormState(value, (v) => ({ ...v, domains: v.allowedDomains.join(', ') }));
  const { busy, error, fieldErrors, onSubmit, save } = useSave();
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const teamOptions = teamSelectData(teams.data?.items ?? []);
  return (
    <form
      aria-labelledby="signup-heading"
      noValidate
      onSubmit={onSubmit(
        save({
          selfSignup: {
            enabled: form.enabled,
            requireApproval: form.requireApproval,
            defaultRole: form.defaultRole,
            allowedDomains: domains(form.domains),
            defaultTeamId: form.defaultTeamId ?? null,
          },
        }),
        { success: t('settings.saved') },
      )}
    >
      <Stack maw={560}>
        <SectionHeading id="signup-heading" title={t('settings.signup.title')} />
        <FormError message={error} />
        <Checkbox label={t('settings.signup.enabled')} {...checked('enabled')} />
        <TextInput
          label={t('settings.signup.domains')}
          description={t('settings.signup.domainsHint')}
          {...text('domains')}
          error={fieldErrors['selfSignup.allowedDomains']}
        />
        <NativeSelect
          label={t('settings.signup.role')}
          value={form.defaultRole}
          data={SIGNUP_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          onChange={(e) => set('defaultRole', e.currentTarget.value as SelfSignupSettings['defaultRole'])}
        />
        <Select
          label={t('settings.signup.team')}
          description={t('settings.signup.teamHint')}
          placeholder={teams.isPending ? t('settings.signup.loadingTeams') : t('settings.signup.noTeam')}
          data={teamOptions}
          value={form.defaultTeamId ?? null}
          onChange={(id) => set('defaultTeamId', id)}
          searchable
          clearable
          nothingFoundMessage={t('settings.signup.noTeamMatches')}
          error={fieldErrors['selfSignup.defaultTeamId'] ?? (teams.error ? errorMessage(teams.error) : undefined)}
        />
        <Checkbox label={t('settings.signup.approval')} {...checked('requireApproval')} />
        <SubmitButton busy={busy}>{t('settings.signup.save')}</SubmitButton>
      </Stack>
    </form>
  );
}

function SsoForm({ value }: { value: SsoSettings }) {
  const { t } = useTranslation('signin');
  const { form, text, checked } = useFormState(value, (v) => ({
    ...v,
    domains: v.allowedDomains.join(', '),
    secret: '',
  }));
  const { busy, error, fieldErrors, onSubmit, save } = useSave();
  const { data: session } = useSession();
  // Whoever sets the provider decides who it may sign in as, so only Owners change it (docs/decisions/010-single-sign-on.md).
  const readOnly = session?.user.role !== 'owner';
  return (
    <form
      aria-labelledby="sso-heading"
      noValidate
      onSubmit={onSubmit(
        save({
          sso: {
            issuer: form.issuer?.trim() || null,
            clientId: form.clientId?.trim() || null,
            displayName: form.displayName,
            allowedDomains: domains(form.domains),
            jitCreation: form.jitCreation,
            passwordSignInAllowed: form.passwordSignInAllowed,
            trustUnverifiedEmail: form.trustUnverifiedEmail,
            ...(form.secret ? { clientSecret: form.secret } : {}),
          },
        }),
        { success: t('settings.saved') },
      )}
    >
      <Stack maw={640}>
        <SectionHeading id="sso-heading" title={t('settings.sso.title')} />
        <Text size="sm">
          <Trans
            t={t}
            i18nKey="settings.sso.intro"
            values={{ url: `${window.location.origin}/api/v1/auth/sso/callback` }}
            components={{ code: <code /> }}
          />
        </Text>
        {readOnly && (
          <Alert color="gray" title={t('settings.readOnly')} styles={READABLE}>
            {t('settings.ownerOnly')}
          </Alert>
        )}
        <FormError message={error} />
        <ReadOnlyFieldset readOnly={readOnly}>
          <TextInput label={t('settings.sso.issuer')} {...text('issuer')} error={fieldErrors['sso.issuer']} />
          <TextInput label={t('settings.sso.clientId')} {...text('clientId')} />
          <PasswordInput
            label={t('settings.sso.secret')}
            description={value.clientSecretSet ? t('settings.sso.secretStored') : t('settings.sso.secretNotSet')}
            autoComplete="off"
            {...text('secret')}
          />
          <TextInput
            label={t('settings.sso.buttonLabel')}
            description={t('settings.buttonLabelHint')}
            {...text('displayName')}
          />
          <TextInput
            label={t('settings.sso.domains')}
            description={t('settings.jitDomainsHint')}
            {...text('domains')}
          />
          <Checkbox label={t('settings.sso.jit')} {...checked('jitCreation')} />
          <Checkbox label={t('settings.sso.passwordAllowed')} {...checked('passwordSignInAllowed')} />
          <Checkbox
            label={t('settings.sso.trustUnverified')}
            description={t('settings.sso.trustUnverifiedHint')}
            {...checked('trustUnverifiedEmail')}
          />
        </ReadOnlyFieldset>
        <Group>
          {!readOnly && (
            <Button type="submit" loading={busy}>
              {t('settings.sso.save')}
            </Button>
          )}
          <TestConnection issuer={readOnly ? null : form.issuer?.trim() || null} />
        </Group>
        <SsoAttempts />
      </Stack>
    </form>
  );
}

/** Runs discovery at the provider (the issuer in the form, or the saved one) and shows what it supports. */
function TestConnection({ issuer }: { issuer: string | null }) {
  const { t } = useTranslation('signin');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SsoTestResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run() {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await waysInApi.testSso(issuer));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button variant="default" loading={busy} onClick={() => void run()}>
        {t('settings.test.run')}
      </Button>
      {error !== null && <ErrorAlert error={error} />}
      {result && !result.ok && (
        <Alert color="red" title={t('settings.test.unusable')} w="100%" styles={READABLE}>
          {result.message}
        </Alert>
      )}
      {result?.ok && (
        <Alert color="green" title={t('settings.test.answered')} w="100%" styles={READABLE}>
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Row label={t('settings.test.issuer')} value={result.issuer} />
              <Row label={t('settings.test.authorizationEndpoint')} value={result.authorizationEndpoint} />
              <Row label={t('settings.test.tokenEndpoint')} value={result.tokenEndpoint} />
              <Row label={t('settings.test.userinfoEndpoint')} value={result.userinfoEndpoint} />
              <Row
                label={t('settings.test.authMethods')}
                value={result.tokenEndpointAuthMethods?.join(', ') ?? t('settings.test.authMethodsDefault')}
              />
              <Row
                label={t('settings.test.willUse')}
                value={result.clientAuthMethod ?? t('settings.test.noneUsable')}
              />
              <Row label={t('settings.test.scopes')} value={result.scopes?.join(', ') ?? t('common:notListed')} />
              <Row
                label={t('settings.test.emailVerified')}
                value={
                  result.emailVerifiedClaim === null
                    ? t('settings.test.noClaimsList')
                    : result.emailVerifiedClaim
                      ? t('settings.test.supported')
                      : t('settings.test.notSupported')
                }
              />
            </Table.Tbody>
          </Table>
        </Alert>
      )}
    </>
  );
}

/** The last 20 SSO sign-in attempts, refused ones with their reason. */
function SsoAttempts() {
  const { t } = useTranslation('signin');
  const attempts = useQuery({ queryKey: ['sso-attempts'], queryFn: () => waysInApi.ssoAttempts() });
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('settings.attempts.title')}
      </Title>
      {attempts.error && <ErrorAlert error={attempts.error} />}
      {attempts.data?.items.length === 0 && <Text size="sm">{t('settings.attempts.empty')}</Text>}
      {attempts.data && attempts.data.items.length > 0 && (
        <DataTable
          minWidth={560}
          columns={[
            t('settings.attempts.time'),
            t('settings.attempts.outcome'),
            t('settings.attempts.reason'),
            t('login.email'),
          ]}
        >
          {attempts.data.items.map((a, i) => (
            <Table.Tr key={`${a.at}-${i}`}>
              <Table.Td>{formatDateTime(a.at)}</Table.Td>
              <Table.Td>
                <ToneBadge tone={a.outcome === 'signed_in' ? SIGNED_IN : REFUSED}>
                  {a.outcome === 'signed_in' ? t('settings.attempts.signedIn') : t('settings.attempts.refused')}
                </ToneBadge>
              </Table.Td>
              <Table.Td>
                {a.message}{' '}
                <Text span size="xs" c="dimmed">
                  ({a.reason})
                </Text>
              </Table.Td>
              <Table.Td>{a.emailMasked ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}

const SIGNED_IN = { bg: '#e6fcf5', fg: '#087f5b' };
const REFUSED = { bg: '#fff4e6', fg: '#a33b07' };
