import { useState } from 'react';
import { Alert, Anchor, Button, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ApiError, errorMessage } from '../../common/api';
import { waysInApi } from './waysInApi';
import { PublicShell } from '../../app/PublicShell';
import { FullPageLoader } from '../../app/RequireAuth';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { FormError } from '../../common/components/ErrorAlert';

const MIN_PASSWORD = 10;

/** Self sign-up (when the organisation has switched it on): a verification link is emailed. */
export function SignupPage() {
  usePageTitle('Create your account');
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => waysInApi.authOptions() });
  const [form, setForm] = useState({ email: '', firstName: '', lastName: '', password: '', language: 'en' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (options.isPending)
    return (
      <main>
        <FullPageLoader />
      </main>
    );
  const signup = options.data?.selfSignup;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!form.email.trim()) fe.email = 'Enter your email address';
    if (!form.firstName.trim()) fe.firstName = 'Enter your first name';
    if (form.password.length < MIN_PASSWORD) fe.password = `Use at least ${MIN_PASSWORD} characters`;
    setErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(null);
    try {
      setSent((await waysInApi.signup({ ...form, email: form.email.trim() })).message);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <PublicShell>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Create your account
          </Title>
          {!signup?.enabled ? (
            <Text>Self sign-up is not available in this organisation. Ask your administrator for an invitation.</Text>
          ) : sent ? (
            <Alert
              color="green"
              variant="light"
              title="Check your inbox"
              role="status"
              styles={{ message: { color: '#212529' } }}
            >
              {sent} The link works for 24 hours.
              {signup.requireApproval ? ' An administrator will then review your request.' : ''}
            </Alert>
          ) : (
            <>
              {signup.allowedDomains.length > 0 && (
                <Text size="sm">Open to addresses at {signup.allowedDomains.join(', ')}.</Text>
              )}
              <FormError message={error} />
              <TextInput
                label="Work email"
                type="email"
                autoComplete="username"
                value={form.email}
                onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
                error={errors.email}
                autoFocus
              />
              <TextInput
                label="First name"
                autoComplete="given-name"
                value={form.firstName}
                onChange={(e) => setForm({ ...form, firstName: e.currentTarget.value })}
                error={errors.firstName}
              />
              <TextInput
                label="Last name"
                autoComplete="family-name"
                value={form.lastName}
                onChange={(e) => setForm({ ...form, lastName: e.currentTarget.value })}
                error={errors.lastName}
              />
              <NativeSelect
                label="Language for emails"
                data={[
                  { value: 'en', label: 'English' },
                  { value: 'fr', label: 'Français' },
                ]}
                value={form.language}
                onChange={(e) => setForm({ ...form, language: e.currentTarget.value })}
              />
              <TextInput
                label="Password"
                type="password"
                description={`At least ${MIN_PASSWORD} characters`}
                autoComplete="new-password"
                value={form.password}
                onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
                error={errors.password}
              />
              <Button type="submit" loading={busy} fullWidth>
                Create account
              </Button>
            </>
          )}
          <Anchor component={Link} to="/login">
            I already have an account
          </Anchor>
        </Stack>
      </form>
    </PublicShell>
  );
}
