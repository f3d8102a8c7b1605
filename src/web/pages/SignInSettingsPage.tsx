import { useEffect, useState } from 'react';
import { Button, Checkbox, Group, NativeSelect, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage, organisingApi } from '../api';
import { waysInApi, type SelfSignupSettings, type SsoSettings } from '../api/waysIn';
import { ErrorAlert, FormError } from '../components/ErrorAlert';
import { FullPageLoader } from '../components/RequireAuth';
import { teamSelectData } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';

const domains = (s: string) => s.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean);

/** Settings for the ways in: self sign-up and OpenID Connect single sign-on. */
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
        <Checkbox label="People may create their own account" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })} />
        <TextInput label="Allowed email domains" description="Comma-separated, e.g. example.com. Empty allows any domain." value={form.domains} onChange={(e) => setForm({ ...form, domains: e.currentTarget.value })} error={error?.fields['selfSignup.allowedDomains']} />
        <NativeSelect
          label="Role of new accounts"
          value={form.defaultRole}
          data={[
            { value: 'learner', label: 'Learner' },
            { value: 'reporter', label: 'Reporter' },
            { value: 'learning_designer', label: 'Learning designer' },
            { value: 'curator', label: 'Curator' },
          ]}
          onChange={(e) => setForm({ ...form, defaultRole: e.currentTarget.value as SelfSignupSettings['defaultRole'] })}
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
        <Checkbox label="An administrator approves each new account" checked={form.requireApproval} onChange={(e) => setForm({ ...form, requireApproval: e.currentTarget.checked })} />
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
            ...(form.secret ? { clientSecret: form.secret } : {}),
          },
        });
      }}
    >
      <Stack maw={560}>
        <Title order={2} size="h3" id="sso-heading">
          Single sign-on (OpenID Connect)
        </Title>
        <Text size="sm">
          Register Roster with your identity provider (Entra ID, Okta, Google…) with the redirect URL <code>{`${window.location.origin}/api/v1/auth/sso/callback`}</code>.
        </Text>
        <FormError message={error?.message} />
        <TextInput label="Issuer URL" value={form.issuer ?? ''} onChange={(e) => setForm({ ...form, issuer: e.currentTarget.value })} error={error?.fields['sso.issuer']} />
        <TextInput label="Client ID" value={form.clientId ?? ''} onChange={(e) => setForm({ ...form, clientId: e.currentTarget.value })} />
        <PasswordInput
          label="Client secret"
          description={value.clientSecretSet ? 'A secret is stored. Leave empty to keep it.' : 'Not set yet.'}
          autoComplete="off"
          value={form.secret}
          onChange={(e) => setForm({ ...form, secret: e.currentTarget.value })}
        />
        <TextInput label="Button label" description={'Shown as "Sign in with …"'} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })} />
        <TextInput label="Domains for new accounts" description="Comma-separated; with just-in-time creation, people at these domains get an account on first sign-in." value={form.domains} onChange={(e) => setForm({ ...form, domains: e.currentTarget.value })} />
        <Checkbox label="Create accounts just in time for these domains" checked={form.jitCreation} onChange={(e) => setForm({ ...form, jitCreation: e.currentTarget.checked })} />
        <Checkbox label="Password sign-in allowed (Owners always keep it)" checked={form.passwordSignInAllowed} onChange={(e) => setForm({ ...form, passwordSignInAllowed: e.currentTarget.checked })} />
        <Group>
          <Button type="submit" loading={busy}>
            Save single sign-on settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
