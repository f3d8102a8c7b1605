import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import { SectionHeading } from '../../common/components/SectionHeading';

/** The mapped attributes; each is labelled signin:settings.saml.attribute.<field>. */
const FIELDS = ['email', 'firstName', 'lastName', 'employeeId'] as const;

/**
 * SAML 2.0 sign-in (docs/sso/saml.md): what the identity provider's administrator needs from Roster, the identity
 * provider from its metadata (URL or file), and the attribute mapping. Only Owners change it, as for OpenID Connect.
 */
export function SamlForm() {
  const { t } = useTranslation('signin');
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => samlApi.settings() });
  const { data: session } = useSession();
  const readOnly = session?.user.role !== 'owner';
  if (settings.error) return <ErrorAlert error={settings.error} />;
  if (!settings.data) return null;
  const origin = window.location.origin;
  return (
    <Stack maw={640} component="section" aria-labelledby="saml-heading">
      <SectionHeading id="saml-heading" title={t('settings.saml.title')} />
      <Text size="sm">{t('settings.saml.intro')}</Text>
      <Table variant="vertical" withTableBorder>
        <Table.Tbody>
          <Row label={t('settings.saml.metadataUrl')} value={`${origin}/api/v1/auth/saml/metadata`} />
          <Row label={t('settings.saml.replyUrl')} value={`${origin}/api/v1/auth/saml/acs`} />
        </Table.Tbody>
      </Table>
      {readOnly && (
        <Alert color="gray" title={t('settings.readOnly')} styles={READABLE}>
          {t('settings.ownerOnly')}
        </Alert>
      )}
      <IdpMetadata value={settings.data.saml} readOnly={readOnly} />
      <SamlOptions value={settings.data.saml} readOnly={readOnly} />
    </Stack>
  );
}

function IdpMetadata({ value, readOnly }: { value: SamlSettings; readOnly: boolean }) {
  const { t } = useTranslation('signin');
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
        notifications.show({ message: t('settings.saml.idpSaved'), color: 'green' });
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
        {t('settings.saml.idp')}
      </Title>
      <Text size="sm">
        {value.idpEntityId
          ? t('settings.saml.idpSavedAs', { entityId: value.idpEntityId, url: value.idpSsoUrl })
          : t('settings.saml.noIdp')}
      </Text>
      <ReadOnlyFieldset readOnly={readOnly}>
        <TextInput
          label={t('settings.saml.idpMetadataUrl')}
          description={t('settings.saml.idpMetadataUrlHint')}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
        />
        <FileInput
          label={t('settings.saml.idpMetadataFile')}
          description={t('settings.saml.idpMetadataFileHint')}
          accept=".xml,text/xml,application/xml"
          clearable
          value={file}
          onChange={setFile}
        />
      </ReadOnlyFieldset>
      <Group>
        <Button variant="default" loading={busy} onClick={() => void run(false)}>
          {t('settings.saml.test')}
        </Button>
        {!readOnly && (
          <Button loading={busy} onClick={() => void run(true)}>
            {t('settings.saml.saveIdp')}
          </Button>
        )}
      </Group>
      {error !== null && <ErrorAlert error={error} />}
      {result && !result.ok && (
        <Alert color="red" title={t('settings.saml.unusable')} styles={READABLE}>
          {result.message}
        </Alert>
      )}
      {result?.ok && (
        <Alert color="green" title={t('settings.saml.usable')} styles={READABLE}>
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Row label={t('settings.saml.entityId')} value={result.idpEntityId} />
              <Row label={t('settings.saml.signInUrl')} value={result.idpSsoUrl} />
              {result.certificates.map((c, i) => (
                <Row
                  key={i}
                  label={t('settings.saml.certificate', { number: i + 1 })}
                  value={t('settings.saml.certificateValue', { subject: c.subject, until: formatDateTime(c.validTo) })}
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
    mapping: Object.fromEntries(FIELDS.map((k) => [k, value.attributes[k].join(', ')])) as Record<
      (typeof FIELDS)[number],
      string
    >,
  };
}

function SamlOptions({ value, readOnly }: { value: SamlSettings; readOnly: boolean }) {
  const { t } = useTranslation('signin');
  const qc = useQueryClient();
  const { form, set, text, checked } = useFormState(value, samlForm);
  const { busy, error, fieldErrors, onSubmit } = useSubmit();
  async function save() {
    const attributes = Object.fromEntries(
      FIELDS.map((k) => [k, splitList(form.mapping[k])]),
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
    <form aria-labelledby="saml-options-heading" noValidate onSubmit={onSubmit(save, { success: t('settings.saved') })}>
      <Stack>
        <Title order={3} size="h4" id="saml-options-heading">
          {t('settings.saml.options')}
        </Title>
        <FormError message={error} />
        <ReadOnlyFieldset readOnly={readOnly}>
          <Checkbox label={t('settings.saml.enabled')} {...checked('enabled')} />
          <TextInput
            label={t('settings.saml.buttonLabel')}
            description={t('settings.buttonLabelHint')}
            {...text('displayName')}
          />
          {FIELDS.map((k) => (
            <TextInput
              key={k}
              label={t(`settings.saml.attribute.${k}`)}
              description={t('settings.saml.attributeHint')}
              value={form.mapping[k]}
              error={fieldErrors[`saml.attributes.${k}`]}
              onChange={(e) => set('mapping', { ...form.mapping, [k]: e.currentTarget.value })}
            />
          ))}
          <TextInput
            label={t('settings.saml.domains')}
            description={t('settings.jitDomainsHint')}
            {...text('domains')}
          />
          <Checkbox label={t('settings.saml.jit')} {...checked('jitCreation')} />
        </ReadOnlyFieldset>
        {!readOnly && <SubmitButton busy={busy}>{t('settings.saml.save')}</SubmitButton>}
      </Stack>
    </form>
  );
}
