import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../common/api';
import { CopyField } from '../../common/components/CopyField';
import { EVENT_TYPE_NAMES, webhooksApi, type WebhookSecret } from './webhooksApi';
import { FormActions } from '../../common/form/FormActions';

/** Create a webhook: URL, description and the event types (or all). */
export function CreateWebhookModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (s: WebhookSecret) => void;
}) {
  const { t } = useTranslation('webhooks');
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [all, setAll] = useState(true);
  const [types, setTypes] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setUrl('');
      setDescription('');
      setAll(true);
      setTypes([]);
      setErrors({});
    }
  }, [opened]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!all && !types.length) return setErrors({ events: t('create.chooseOne') });
    setBusy(true);
    try {
      const created = await webhooksApi.create({
        url: url.trim(),
        events: all ? ['*'] : types,
        description: description || null,
      });
      onCreated(created);
    } catch (err) {
      setErrors(
        err instanceof ApiError && Object.keys(err.fieldErrors).length ? err.fieldErrors : { url: errorMessage(err) },
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('create.title')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('create.url')}
            description={t('create.urlHelp')}
            placeholder="https://lms.example.com/hooks/roster"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            required
            data-autofocus
          />
          <TextInput
            label={t('create.description')}
            description={t('create.descriptionHelp')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <Checkbox label={t('create.all')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
          {!all && (
            <Checkbox.Group label={t('eventTypes')} value={types} onChange={setTypes} error={errors.events}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                {EVENT_TYPE_NAMES.map((type) => (
                  <Checkbox key={type} value={type} label={type} description={t(`create.eventHelp.${type}`)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          )}
          {all && errors.events && <Text c="red">{errors.events}</Text>}
          <FormActions busy={busy} onCancel={onClose} submitLabel={t('create.submit')} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The signing secret, shown once after creation or rotation. */
export function SecretModal({
  secret,
  rotated,
  onClose,
}: {
  secret: WebhookSecret | null;
  rotated: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('webhooks');
  return (
    <Modal opened={secret !== null} onClose={onClose} title={t('secret.title')} centered size="lg">
      {secret && (
        <Stack>
          <Alert color="yellow" variant="light" title={t('secret.onlyOnce')} styles={{ message: { color: '#212529' } }}>
            <Trans t={t} i18nKey="secret.body" components={{ code: <code /> }} />
            {rotated && ` ${t('secret.rotated')}`}
          </Alert>
          <CopyField label={t('secret.label')} value={secret.secret} copyLabel={t('secret.copy')} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('secret.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
