import { useState } from 'react';
import { Alert, Button, Checkbox, FileInput, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { samlApi, type MetadataSource, type SamlMetadataReport, type SamlSettings } from './samlApi';
import { ErrorAlert, FormError } from '../../common/components/ErrorAlert';
import { DetailRow as Row, READABLE } from '../../common/components/DetailRow';
import { ReadOnlyFieldset } from '../../common/form/ReadOnlyFieldset';
import { SubmitButton } from '../../common/form/SubmitButton';
import { useFormState } from '../../common/form/useFormState';
import { useSubmit } from '../../common/form/useSubmit';
import { formatDateTime, splitList } from '../../common/lib/format';
import { useSession } from '../../common/lib/session';

const FIELDS = [
  ['email', 'Email attribute'],
  ['firstName', 'First name attribute'],
  ['lastName', 'Last name attribute'],
  ['employeeId', 'Employee ID attribute'],
] as const;

/**
 * SAML 2.0 sign-in (docs/sso/saml.md): what the identity provider's administrator needs from Roster, the identity
 * provider from its metadata (URL or file), and the attribute mapping. Only Owners change it, as for OpenID Connect.
 */
export function SamlForm() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => samlApi.settings() });
  const { data: session } = useSession();
  const readOnly = session?.user.role !== 'owner';
  if (settings.error) return <ErrorAlert error={settings.error} />;
  if (!settings.data) return null;
  const origin = window.location.origin;
  return (
    <Stack maw={640} component="section" aria-labelledby="saml-heading">
      <Title order={2} size="h3" id="saml-heading">
        Single sign-on (SAML)
      </Title>
      <Text size="sm">
        Give your identity provider's administrator these values (or the metadata URL). Owner accounts always sign in
        with their password.
      </Text>
      <Table variant="vertical" withTableBorder>
        <Table.Tbody>
          <Row label="Metadata URL and entity ID (Identifier)" value={`${origin}/api/v1/auth/saml/metadata`} />
          <Row label="Reply URL (Assertion Consumer Service)" value={`${origin}/api/v1/auth/saml/acs`} />
        </Table.Tbody>
      </Table>
      {readOnly && (
        <Alert color="gray" title="Read only" styles={READABLE}>
          Only an Owner can change the single sign-on settings.
        </Alert>
      )}
      <IdpMetadata value={settings.data.saml} readOnly={readOnly} />
      <SamlOptions value={settings.data.saml} readOnly={readOnly} />
    </Stack>
  );
}

function IdpMetadata({ value, readOnly }: { value: SamlSettings; readOnly: boolean }) {
  const qc = useQueryClient();
  const [url, setUrl] = useState(value.idpMetadataUrl ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SamlMetadataReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run(save: boolean) {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      const source: MetadataSource = file ? { xml: await file.text() } : url.trim() ? { url: url.trim() } : {};
      setResult(save ? await samlApi.saveMetadata(source) : await samlApi.test(source));
      if (save) {
        await qc.invalidateQueries({ queryKey: ['settings'] });
        notifications.show({ message: 'Identity provider saved.', color: 'green' });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack>
      <Title order={3} size="h4">
        Identity provider
      </Title>
      <Text size="sm">
        {value.idpEntityId
          ? `Saved: ${value.idpEntityId}, signing in at ${value.idpSsoUrl}.`
          : 'No identity provider saved yet.'}
      </Text>
      <ReadOnlyFieldset readOnly={readOnly}>
        <TextInput
          label="IdP metadata URL"
          description="Fetched when you test or save."
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
        />
        <FileInput
          label="or IdP metadata file"
          description="The federation metadata XML downloaded from the identity provider."
          accept=".xml,text/xml,application/xml"
          clearable
          value={file}
          onChange={setFile}
        />
      </ReadOnlyFieldset>
      <Group>
        <Button variant="default" loading={busy} onClick={() => void run(false)}>
          Test metadata
        </Button>
        {!readOnly && (
          <Button loading={busy} onClick={() => void run(true)}>
            Save identity provider
          </Button>
        )}
      </Group>
      {error !== null && <ErrorAlert error={error} />}
      {result && !result.ok && (
        <Alert color="red" title="The metadata cannot be used" styles={READABLE}>
          {result.message}
        </Alert>
      )}
      {result?.ok && (
        <Alert color="green" title="The metadata describes an identity provider" styles={READABLE}>
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Row label="Entity ID" value={result.idpEntityId} />
              <Row label="Sign-in URL" value={result.idpSsoUrl} />
              {result.certificates.map((c, i) => (
                <Row
                  key={i}
                  label={`Signing certificate ${i + 1}`}
                  value={`${c.subject}, valid until ${formatDateTime(c.validTo)}`}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Alert>
      )}
    </Stack>
  );
}

/** The form's fields for saved settings: lists are edited as comma-separated text. */
function samlForm(value: SamlSettings) {
  return {
    ...value,
    domains: value.allowedDomains.join(', '),
    mapping: Object.fromEntries(FIELDS.map(([k]) => [k, value.attributes[k].join(', ')])) as Record<
      (typeof FIELDS)[number][0],
      string
    >,
  };
}

function SamlOptions({ value, readOnly }: { value: SamlSettings; readOnly: boolean }) {
  const qc = useQueryClient();
  const { form, set, text, checked } = useFormState(value, samlForm);
  const { busy, error, fieldErrors, onSubmit } = useSubmit();
  async function save() {
    const attributes = Object.fromEntries(
      FIELDS.map(([k]) => [k, splitList(form.mapping[k])]),
    ) as SamlSettings['attributes'];
    await samlApi.update({
      enabled: form.enabled,
      displayName: form.displayName,
      attributes,
      jitCreation: form.jitCreation,
      allowedDomains: splitList(form.domains.toLowerCase()),
    });
    await qc.invalidateQueries({ queryKey: ['settings'] });
  }
  return (
    <form aria-labelledby="saml-options-heading" noValidate onSubmit={onSubmit(save, { success: 'Settings saved.' })}>
      <Stack>
        <Title order={3} size="h4" id="saml-options-heading">
          SAML sign-in
        </Title>
        <FormError message={error} />
        <ReadOnlyFieldset readOnly={readOnly}>
          <Checkbox label="Offer SAML sign-in" {...checked('enabled')} />
          <TextInput
            label="Label of the SAML button"
            description={'Shown as "Sign in with …"'}
            {...text('displayName')}
          />
          {FIELDS.map(([k, label]) => (
            <TextInput
              key={k}
              label={label}
              description="Attribute names, comma-separated; the first one the assertion carries is used."
              value={form.mapping[k]}
              error={fieldErrors[`saml.attributes.${k}`]}
              onChange={(e) => set('mapping', { ...form.mapping, [k]: e.currentTarget.value })}
            />
          ))}
          <TextInput
            label="Domains for new SAML accounts"
            description="Comma-separated; with just-in-time creation, people at these domains get an account on first sign-in."
            {...text('domains')}
          />
          <Checkbox label="Create SAML accounts just in time for these domains" {...checked('jitCreation')} />
        </ReadOnlyFieldset>
        {!readOnly && <SubmitButton busy={busy}>Save SAML settings</SubmitButton>}
      </Stack>
    </form>
  );
}
