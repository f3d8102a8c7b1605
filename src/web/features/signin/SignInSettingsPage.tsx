// Over 300 lines: the page holds the self sign-up and OpenID Connect forms (SAML is in SamlSettingsForm.tsx); the OIDC form is the next to move out.
import { useEffect, useState } from 'react';
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
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage, organisingApi } from '../../common/api';
import { waysInApi, type SelfSignupSettings, type SsoSettings, type SsoTestResult } from './waysInApi';
import { ErrorAlert, FormError } from '../../common/components/ErrorAlert';
import { FullPageLoader } from '../../app/RequireAuth';
import { ToneBadge } from '../../common/components/StatusBadge';
import { formatDateTime, teamSelectData } from '../../common/lib/format';
import { useSession } from '../../common/lib/session';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { READABLE, Row, SamlForm } from './SamlSettingsForm';

const domains = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

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

function useSave() {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  async function save(patch: Parameters<typeof waysInApi.updateSignInSettings>[0]) {
    setBusy(true);
    setError(null);
    try {
      await waysInApi.updateSignInSettings(patch);
      await qc.invalidateQueries({ queryKey: ['settings'] });
      notifications.show({ message: 'Settings saved.', color: 'green' });
    } catch (err) {
      setError({ message: errorMessage(err), fields: err instanceof ApiError ? err.fieldErrors : {} });
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, save };
}

function SelfSignupForm({ value }: { value: SelfSignupSettings }) {
  const [form, setForm] = useState({ ...value, domains: value.allowedDomains.join(', ') });
  useEffect(() => setForm({ ...value, domains: value.allowedDomains.join(', ') }), [value]);
  const { busy, error, save } = useSave();
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => organisingApi.teams() });
  const teamOptions = teamSelectData(teams.data?.items ?? []);
  return (
    <form
      aria-labelledby="signup-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save({
          selfSignup: {
            enabled: form.enabled,
            requireApproval: form.requireApproval,
            defaultRole: form.defaultRole,
            allowedDomains: domains(form.domains),
            defaultTeamId: form.defaultTeamId ?? null,
          },
        });
      }}
    >
      <Stack maw={560}>
        <Title order={2} size="h3" id="signup-heading">
          Self sign-up
        </Title>
        <FormError message={error?.message} />
        <Checkbox
          label="People may create their own account"
          checked={form.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })}
        />
        <TextInput
          label="Allowed email domains"
          description="Comma-separated, e.g. example.com. Empty allows any domain."
          value={form.domains}
          onChange={(e) => setForm({ ...form, domains: e.currentTarget.value })}
          error={error?.fields['selfSignup.allowedDomains']}
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
          onChange={(e) =>
            setForm({ ...form, defaultRole: e.currentTarget.value as SelfSignupSettings['defaultRole'] })
          }
        />
        <Select
          label="Team of new accounts"
          description="New people join this team when their account is created (after approval, if required)."
          placeholder={teams.isPending ? 'Loading teams…' : 'No team'}
          data={teamOptions}
          value={form.defaultTeamId ?? null}
          onChange={(id) => setForm({ ...form, defaultTeamId: id })}
          searchable
          clearable
          nothingFoundMessage="No team matches"
          error={error?.fields['selfSignup.defaultTeamId'] ?? (teams.error ? errorMessage(teams.error) : undefined)}
        />
        <Checkbox
          label="An administrator approves each new account"
          checked={form.requireApproval}
          onChange={(e) => setForm({ ...form, requireApproval: e.currentTarget.checked })}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Save sign-up settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SsoForm({ value }: { value: SsoSettings }) {
  const [form, setForm] = useState({ ...value, domains: value.allowedDomains.join(', '), secret: '' });
  useEffect(() => setForm({ ...value, domains: value.allowedDomains.join(', '), secret: '' }), [value]);
  const { busy, error, save } = useSave();
  const { data: session } = useSession();
  // Whoever sets the provider decides who it may sign in as, so only Owners change it (docs/decisions/010-single-sign-on.md).
  const readOnly = session?.user.role !== 'owner';
  return (
    <form
      aria-labelledby="sso-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save({
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
        });
      }}
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
        <FormError message={error?.message} />
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <TextInput
              label="Issuer URL"
              value={form.issuer ?? ''}
              onChange={(e) => setForm({ ...form, issuer: e.currentTarget.value })}
              error={error?.fields['sso.issuer']}
            />
            <TextInput
              label="Client ID"
              value={form.clientId ?? ''}
              onChange={(e) => setForm({ ...form, clientId: e.currentTarget.value })}
            />
            <PasswordInput
              label="Client secret"
              description={value.clientSecretSet ? 'A secret is stored. Leave empty to keep it.' : 'Not set yet.'}
              autoComplete="off"
              value={form.secret}
              onChange={(e) => setForm({ ...form, secret: e.currentTarget.value })}
            />
            <TextInput
              label="Button label"
              description={'Shown as "Sign in with …"'}
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            />
            <TextInput
              label="Domains for new accounts"
              description="Comma-separated; with just-in-time creation, people at these domains get an account on first sign-in."
              value={form.domains}
              onChange={(e) => setForm({ ...form, domains: e.currentTarget.value })}
            />
            <Checkbox
              label="Create accounts just in time for these domains"
              checked={form.jitCreation}
              onChange={(e) => setForm({ ...form, jitCreation: e.currentTarget.checked })}
            />
            <Checkbox
              label="Password sign-in allowed (Owners always keep it)"
              checked={form.passwordSignInAllowed}
              onChange={(e) => setForm({ ...form, passwordSignInAllowed: e.currentTarget.checked })}
            />
            <Checkbox
              label="Trust email addresses the provider does not mark as verified"
              description="Needed for Microsoft Entra ID, which sends no email_verified claim. Turn it on only for your organisation's own single-tenant provider: anyone who can set an email address at the provider could otherwise sign in as the Roster account with that address. An address the provider marks as not verified is always refused."
              checked={form.trustUnverifiedEmail}
              onChange={(e) => setForm({ ...form, trustUnverifiedEmail: e.currentTarget.checked })}
            />
          </Stack>
        </fieldset>
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
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Email</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
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
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

const SIGNED_IN = { bg: '#e6fcf5', fg: '#087f5b' };
const REFUSED = { bg: '#fff4e6', fg: '#a33b07' };
