import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { ApiError, errorMessage } from '../../common/api';
import { CopyField } from '../../common/components/CopyField';
import { EVENT_TYPE_NAMES, webhooksApi, type WebhookSecret } from './webhooksApi';

/** What each event type means, for the picker. */
const EVENT_HELP: Record<(typeof EVENT_TYPE_NAMES)[number], string> = {
  'user.created': 'A person was added (any way in: API, import, SCIM, sign-up, single sign-on).',
  'user.updated': 'Profile fields changed (names of the fields; values only for role, manager, break, end date).',
  'user.status_changed': 'Invited, confirmed, deactivated, reactivated, expired…',
  'user.password_changed': 'A person changed or reset their password (no details are sent).',
  'user.deleted': 'A person was deleted (restorable for 30 days).',
  'user.restored': 'A deleted person was restored.',
  'user.anonymised': 'A person was anonymised.',
  'team.member_added': 'Someone joined a team.',
  'team.member_removed': 'Someone left a team.',
  'team.manager_added': 'Someone became a manager of a team.',
  'team.manager_removed': 'Someone stopped managing a team.',
  'group.member_joined': 'Someone started matching a group’s rules.',
  'group.member_left': 'Someone stopped matching a group’s rules.',
};

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
    if (!all && !types.length) return setErrors({ events: 'Choose at least one event type, or all of them.' });
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
    <Modal opened={opened} onClose={onClose} title="New webhook" centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Receiver URL"
            description="Roster POSTs each event here, signed (Standard Webhooks). Private and local addresses are refused."
            placeholder="https://lms.example.com/hooks/roster"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            required
            data-autofocus
          />
          <TextInput
            label="Description"
            description="Optional: what this receiver is for."
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <Checkbox
            label="All event types, including those added later"
            checked={all}
            onChange={(e) => setAll(e.currentTarget.checked)}
          />
          {!all && (
            <Checkbox.Group label="Event types" value={types} onChange={setTypes} error={errors.events}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                {EVENT_TYPE_NAMES.map((t) => (
                  <Checkbox key={t} value={t} label={t} description={EVENT_HELP[t]} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          )}
          {all && errors.events && <Text c="red">{errors.events}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create webhook
            </Button>
          </Group>
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
  return (
    <Modal opened={secret !== null} onClose={onClose} title="Copy the signing secret now" centered size="lg">
      {secret && (
        <Stack>
          <Alert
            color="yellow"
            variant="light"
            title="This is the only time the secret is shown"
            styles={{ message: { color: '#212529' } }}
          >
            Give it to the receiver: it verifies each delivery’s <code>webhook-signature</code> with it.
            {rotated &&
              ' The previous secret keeps signing deliveries too for 24 hours, so the receiver can switch without missing any.'}
          </Alert>
          <CopyField label="Signing secret" value={secret.secret} copyLabel="Copy secret" />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
