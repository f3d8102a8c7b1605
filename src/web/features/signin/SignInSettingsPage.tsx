// Over 300 lines: the page holds the self sign-up and OpenID Connect forms (SAML is in SamlSettingsForm.tsx); the OIDC form is the next to move out.
import { useState } from 'react';
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
import { formatDateTime, splitList, teamSelectData } from '../../common/lib/format';
import { useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';
import { DetailRow as Row, READABLE } from '../../common/components/DetailRow';
import { ReadOnlyFieldset } from '../../common/form/ReadOnlyFieldset';
import { SubmitButton } from '../../common/form/SubmitButton';
import { useFormState } from '../../common/form/useFormState';
import { useSubmit } from '../../common/form/useSubmit';
import { SamlForm } from './SamlSettingsForm';

const domains = (s: string) => splitList(s.toLowerCase());

/** Settings for the ways in: self sign-up and single sign-on (OpenID Connect, SAML). */
export function SignInSettingsPage() {
  usePageTitle('Sign-in settings');
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => waysInApi.signInSettings() });
  if (settings.isPending) return <FullPageLoader />;
  if (settings.error) return <ErrorAlert error={settings.error} />;
  return (
    <Stack gap="xl">
      <Title order={1}>Sign-in settings</Title>
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

function SelfSignupForm({ value }: { value: SelfSignupSettings }) {
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
        { success: 'Settings saved.' },
      )}
    >
      <Stack maw={560}>
        <Title order={2} size="h3" id="signup-heading">
          Self sign-up
        </Title>
        <FormError message={error} />
        <Checkbox label="People may create their own account" {...checked('enabled')} />
        <TextInput
          label="Allowed email domains"
          description="Comma-separated, e.g. example.com. Empty allows any domain."
          {...text('domains')}
          error={fieldErrors['selfSignup.allowedDomains']}
        />
        <NativeSelect
          label="Role of new accounts"
          value={form.defaultRole}
          data={[
            { value: 'learner', label: 'Learner' },
            { value: 'reporter', label: 'Reporter' },
            { value: 'learning_designer', label: 'Learning designer' },
            { value: 'curator', label: 'Curator' },
          ]}
          onChange={(e) => set('defaultRole', e.currentTarget.value as SelfSignupSettings['defaultRole'])}
        />
        <Select
          label="Team of new accounts"
          description="New people join this team when their account is created (after approval, if required)."
          placeholder={teams.isPending ? 'Loading teams…' : 'No team'}
          data={teamOptions}
          value={form.defaultTeamId ?? null}
          onChange={(id) => set('defaultTeamId', id)}
          searchable
          clearable
          nothingFoundMessage="No team matches"
          error={fieldErrors['selfSignup.defaultTeamId'] ?? (teams.error ? errorMessage(teams.error) : undefined)}
        />
        <Checkbox label="An administrator approves each new account" {...checked('requireApproval')} />
        <SubmitButton busy={busy}>Save sign-up settings</SubmitButton>
      </Stack>
    </form>
  );
}

function SsoForm({ value }: { value: SsoSettings }) {
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
        { success: 'Settings saved.' },
      )}
    >
      <Stack maw={640}>
        <Title order={2} size="h3" id="sso-heading">
          Single sign-on (OpenID Connect)
        </Title>
        <Text size="sm">
          Register Roster with your identity provider (Entra ID, Okta, Google, Keycloak…) with the redirect URL{' '}
          <code>{`${window.location.origin}/api/v1/auth/sso/callback`}</code>. Owner accounts always sign in with their
          password.
        </Text>
        {readOnly && (
          <Alert color="gray" title="Read only" styles={READABLE}>
            Only an Owner can change the single sign-on settings.
          </Alert>
        )}
        <FormError message={error} />
        <ReadOnlyFieldset readOnly={readOnly}>
          <TextInput label="Issuer URL" {...text('issuer')} error={fieldErrors['sso.issuer']} />
          <TextInput label="Client ID" {...text('clientId')} />
          <PasswordInput
            label="Client secret"
            description={value.clientSecretSet ? 'A secret is stored. Leave empty to keep it.' : 'Not set yet.'}
            autoComplete="off"
            {...text('secret')}
          />
          <TextInput label="Button label" description={'Shown as "Sign in with …"'} {...text('displayName')} />
          <TextInput
            label="Domains for new accounts"
            description="Comma-separated; with just-in-time creation, people at these domains get an account on first sign-in."
            {...text('domains')}
          />
          <Checkbox label="Create accounts just in time for these domains" {...checked('jitCreation')} />
          <Checkbox label="Password sign-in allowed (Owners always keep it)" {...checked('passwordSignInAllowed')} />
          <Checkbox
            label="Trust email addresses the provider does not mark as verified"
            description="Needed for Microsoft Entra ID, which sends no email_verified claim. Turn it on only for your organisation's own single-tenant provider: anyone who can set an email address at the provider could otherwise sign in as the Roster account with that address. An address the provider marks as not verified is always refused."
            {...checked('trustUnverifiedEmail')}
          />
        </ReadOnlyFieldset>
        <Group>
          {!readOnly && (
            <Button type="submit" loading={busy}>
              Save single sign-on settings
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
        Test connection
      </Button>
      {error !== null && <ErrorAlert error={error} />}
      {result && !result.ok && (
        <Alert color="red" title="The provider cannot be used" w="100%" styles={READABLE}>
          {result.message}
        </Alert>
      )}
      {result?.ok && (
        <Alert color="green" title="The provider answered" w="100%" styles={READABLE}>
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Row label="Issuer" value={result.issuer} />
              <Row label="Authorization endpoint" value={result.authorizationEndpoint} />
              <Row label="Token endpoint" value={result.tokenEndpoint} />
              <Row label="Userinfo endpoint" value={result.userinfoEndpoint} />
              <Row
                label="Client authentication methods"
                value={result.tokenEndpointAuthMethods?.join(', ') ?? 'not listed (client_secret_basic)'}
              />
              <Row
                label="Roster will use"
                value={
                  result.clientAuthMethod ?? 'none of them: Roster needs client_secret_basic or client_secret_post'
                }
              />
              <Row label="Scopes" value={result.scopes?.join(', ') ?? 'not listed'} />
              <Row
                label="email_verified claim"
                value={
                  result.emailVerifiedClaim === null
                    ? 'not listed (the provider publishes no claims list)'
                    : result.emailVerifiedClaim
                      ? 'supported'
                      : 'not supported: people are refused unless "Trust email addresses…" is on'
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
  const attempts = useQuery({ queryKey: ['sso-attempts'], queryFn: () => waysInApi.ssoAttempts() });
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Last single sign-on attempts
      </Title>
      {attempts.error && <ErrorAlert error={attempts.error} />}
      {attempts.data?.items.length === 0 && <Text size="sm">No attempts yet.</Text>}
      {attempts.data && attempts.data.items.length > 0 && (
        <DataTable minWidth={560} columns={['Time', 'Outcome', 'Reason', 'Email']}>
          {attempts.data.items.map((a, i) => (
            <Table.Tr key={`${a.at}-${i}`}>
              <Table.Td>{formatDateTime(a.at)}</Table.Td>
              <Table.Td>
                <ToneBadge tone={a.outcome === 'signed_in' ? SIGNED_IN : REFUSED}>
                  {a.outcome === 'signed_in' ? 'Signed in' : 'Refused'}
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
