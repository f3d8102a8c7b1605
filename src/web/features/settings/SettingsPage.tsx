// Over 300 lines: one page of independent settings cards (organisation, invitations, profile editing, custom fields, tokens); each card can move to its own component.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CUSTOM_FIELD_TYPES, LANGUAGES, type CustomFieldType, type Language } from '../../../common/domain';
import { api, type CustomField, type Settings } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ACTIONS_COLUMN, DataTable } from '../../common/components/DataTable';
import { FormError } from '../../common/components/ErrorAlert';
import { QueryState } from '../../common/components/QueryState';
import { SubmitButton } from '../../common/form/SubmitButton';
import { useFields, useFormState } from '../../common/form/useFormState';
import { useSubmit, type FieldErrors } from '../../common/form/useSubmit';
import { TokensPanel, type TokensPanelText } from './TokensPanel';
import { SeatFields } from './SeatFields';
import { humanize } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { LANGUAGE_NAMES } from '../../i18n';

const PASSWORD_SCORES = [
  { value: '0', label: '0 — anything of 10 characters or more' },
  { value: '1', label: '1 — not very easy to guess' },
  { value: '2', label: '2 — fairly hard to guess' },
  { value: '3', label: '3 — hard to guess (recommended)' },
  { value: '4', label: '4 — very hard to guess' },
];

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const { form, setForm, set, text, checked, number } = useFormState(settings, (s: Settings) => s);
  const { busy, error, fieldErrors: errors, onSubmit } = useSubmit();
  const save = async () => qc.setQueryData(['settings'], await api.updateSettings(form));

  return (
    <form onSubmit={onSubmit(save, { success: 'Settings saved.' })} noValidate aria-labelledby="org-settings-heading">
      <Stack>
        <Title order={2} size="h3" id="org-settings-heading">
          Organisation
        </Title>
        <FormError message={error} />
        <TextInput label="Organisation name" {...text('organisationName')} error={errors.organisationName} />
        <NativeSelect
          label={t('defaultLanguage.label')}
          description={t('defaultLanguage.description')}
          data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          value={form.defaultLanguage}
          onChange={(e) => set('defaultLanguage', e.currentTarget.value as Language)}
          error={errors.defaultLanguage}
          maw={320}
        />
        <NumberInput
          label="Invitation links expire after (days)"
          min={1}
          max={365}
          {...number('invitationExpiryDays')}
          error={errors.invitationExpiryDays}
          maw={320}
        />
        <Checkbox label="Managers may edit their reports' details" {...checked('managersMayEditReports')} />
        <Checkbox label="People may change their own email address" {...checked('usersMayChangeOwnEmail')} />
        <Checkbox label="Directory enabled" {...checked('directoryEnabled')} />
        <Checkbox
          label="Email people when they are deactivated"
          description="A short notice in their language that their account was deactivated; sent even to people on a break."
          {...checked('deactivationNotice')}
        />
        <Title order={3} size="h4">
          Sign-in security
        </Title>
        <Switch
          label="Require a second factor for Owners and Admins"
          description="At their next password sign-in, those without one must set up an authenticator app or a passkey before anything else."
          {...checked('mfaRequiredForAdmins')}
        />
        <Switch
          label="Require a second factor for everyone"
          description="Single sign-on is not concerned: your identity provider asks for its own."
          {...checked('mfaRequiredForEveryone')}
        />
        <Group align="flex-start">
          <NumberInput
            label="Sign out after inactivity (minutes)"
            min={5}
            max={43200}
            {...number('sessionIdleMinutes')}
            error={errors.sessionIdleMinutes}
            maw={320}
          />
          <NumberInput
            label="Sign out in any case after (hours)"
            min={1}
            max={2160}
            {...number('sessionAbsoluteHours')}
            error={errors.sessionAbsoluteHours}
            maw={320}
          />
        </Group>
        <NativeSelect
          label="Minimum password strength"
          description="How hard to guess a new password must be, as the strength estimator scores it. Names and email addresses count as easy to guess."
          data={PASSWORD_SCORES}
          value={String(form.passwordMinScore)}
          onChange={(e) => set('passwordMinScore', Number(e.currentTarget.value))}
          error={errors.passwordMinScore}
          maw={420}
        />
        <SeatFields form={form} setForm={setForm} errors={errors} />
        <Title order={3} size="h4">
          Integrations
        </Title>
        <NumberInput
          label="Keep events in the event feed for (days)"
          description="Integrations that follow the event feed must read it within this time; older events are removed every hour. Webhook deliveries are unaffected."
          min={1}
          max={3650}
          {...number('eventRetentionDays')}
          error={errors.eventRetentionDays}
          maw={420}
        />
        <SubmitButton busy={busy}>Save settings</SubmitButton>
      </Stack>
    </form>
  );
}

const EMPTY_FIELD: CustomField = {
  key: '',
  label: '',
  type: 'text',
  options: [],
  filterable: false,
  unique: false,
  visibleInDirectory: false,
  editableByUser: false,
};

function CustomFieldModal({
  opened,
  field,
  onClose,
}: {
  opened: boolean;
  field: CustomField | null;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const editing = field !== null;
  const { form, setForm, set, text, checked } = useFields<CustomField>(EMPTY_FIELD);
  const [options, setOptions] = useState('');
  const { busy, error, fieldErrors: errors, run, reset } = useSubmit();

  useEffect(() => {
    if (opened) {
      const f = field ?? EMPTY_FIELD;
      setForm(f);
      setOptions((f.options ?? []).join('\n'));
      reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filled again each time the dialog opens
  }, [opened, field]);

  const hasOptions = form.type === 'single_select' || form.type === 'multi_select';

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fe: FieldErrors = {};
    if (!editing && !/^[a-z][a-z0-9_]*$/.test(form.key))
      fe.key = 'Use lower-case letters, digits and underscores, starting with a letter';
    if (!form.label.trim()) fe.label = 'Enter a label';
    const opts = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    if (hasOptions && opts.length === 0) fe.options = 'Add at least one option';
    const body: CustomField = { ...form, label: form.label.trim(), options: hasOptions ? opts : [] };
    const saved = await run(
      async () => {
        if (editing) {
          const { key: _key, type: _type, ...patch } = body;
          void _key;
          void _type;
          await api.updateCustomField(field.key, patch);
        } else {
          await api.createCustomField(body);
        }
        await qc.invalidateQueries({ queryKey: ['custom-fields'] });
      },
      { check: fe, success: editing ? 'Custom field updated.' : 'Custom field added.' },
    );
    if (saved) onClose();
  }

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit custom field ${field.label}` : 'Add custom field'}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={error} />
          <TextInput label="Label" {...text('label')} error={errors.label} data-autofocus />
          <TextInput
            label="Key"
            description="Used in the API, CSV columns and group rules; cannot be changed later"
            {...text('key')}
            error={errors.key}
            disabled={editing}
          />
          <NativeSelect
            label="Type"
            data={CUSTOM_FIELD_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
            value={form.type}
            onChange={(e) => set('type', e.currentTarget.value as CustomFieldType)}
            disabled={editing}
            error={errors.type}
          />
          {hasOptions && (
            <Textarea
              label="Options"
              description="One option per line"
              autosize
              minRows={3}
              value={options}
              onChange={(e) => setOptions(e.currentTarget.value)}
              error={errors.options}
            />
          )}
          <Checkbox label="Filterable in the People list" {...checked('filterable')} />
          <Checkbox label="Unique (no two people share a value)" {...checked('unique')} />
          <Checkbox label="Visible in the directory" {...checked('visibleInDirectory')} />
          <Checkbox label="People may edit their own value" {...checked('editableByUser')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {editing ? 'Save field' : 'Add field'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CustomFields() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields() });
  const [editing, setEditing] = useState<CustomField | null>(null);
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3" id="custom-fields-heading">
          Custom fields
        </Title>
        <Button
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
        >
          Add custom field
        </Button>
      </Group>
      <QueryState
        query={q}
        loading="Loading custom fields"
        errorTitle="Could not load custom fields"
        empty={<Text>No custom fields yet.</Text>}
      >
        {(data) => (
          <DataTable
            minWidth={720}
            aria-labelledby="custom-fields-heading"
            columns={['Label', 'Key', 'Type', 'Filterable', 'Unique', 'In directory', 'User-editable', ACTIONS_COLUMN]}
          >
            {data.items.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Td>{f.label}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {f.key}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {humanize(f.type)}
                  {f.options?.length ? ` (${f.options.join(', ')})` : ''}
                </Table.Td>
                <Table.Td>{yesNo(f.filterable)}</Table.Td>
                <Table.Td>{yesNo(f.unique)}</Table.Td>
                <Table.Td>{yesNo(f.visibleInDirectory)}</Table.Td>
                <Table.Td>{yesNo(f.editableByUser)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Edit ${f.label}`}
                      onClick={() => {
                        setEditing(f);
                        setOpen(true);
                      }}
                    >
                      Edit
                    </Button>
                    <Button
                      size="xs"
                      variant="outline"
                      color="red"
                      aria-label={`Delete ${f.label}`}
                      onClick={() => setDeleting(f)}
                    >
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </QueryState>
      <CustomFieldModal opened={open} field={editing} onClose={() => setOpen(false)} />
      <ConfirmModal
        opened={deleting !== null}
        title={`Delete custom field ${deleting?.label ?? ''}?`}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.deleteCustomField(deleting.key);
          await qc.invalidateQueries({ queryKey: ['custom-fields'] });
          notifications.show({ message: 'Custom field deleted.', color: 'green' });
        }}
      >
        <Text>
          The field and every person's value for it are removed. Group rules and imports using it stop working.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

const API_TOKEN_TEXT: TokensPanelText = {
  noun: 'API token',
  intro:
    'Integrations sign in with a bearer token. Each token has one scope and works only there; the person who creates it lends it their rights.',
  empty: 'No API tokens yet.',
  nameHint: 'Monitoring (Prometheus)',
  useSecret: 'Give it to the integration as its bearer token (Authorization: Bearer …).',
  revokeEffect: 'The token stops working at once: whatever uses it is refused until it gets a new token.',
};

export function SettingsPage() {
  usePageTitle('Settings');
  const q = useQuery({ queryKey: ['settings'], queryFn: () => api.settings() });
  return (
    <Stack gap="lg">
      <Title order={1}>Settings</Title>
      <Paper withBorder p="md">
        <QueryState query={q} loading="Loading settings" errorTitle="Could not load settings">
          {(settings) => <SettingsForm settings={settings} />}
        </QueryState>
      </Paper>
      <Paper withBorder p="md">
        <CustomFields />
      </Paper>
      <Paper withBorder p="md">
        <TokensPanel text={API_TOKEN_TEXT} />
      </Paper>
    </Stack>
  );
}
