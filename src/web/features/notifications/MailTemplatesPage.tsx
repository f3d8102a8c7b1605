/**
 * Settings → Mail (Owners and Admins): every kind of mail per language — edit its subject, text and HTML
 * (Mustache, with the kind's variables listed), preview it with sample values, send a test to oneself, reset it
 * to the built-in wording, and see who saved which version; and the organisation's mail branding.
 */
import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Code,
  ColorInput,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { notificationsApi, type MailBranding, type MailPreview, type MailTemplateBody } from './notificationsApi';

const kindLabel = (kind: string) => kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

function TemplateEditor({ kind, lang }: { kind: string; lang: string }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['mail-templates', kind, lang],
    queryFn: () => notificationsApi.template(kind, lang),
  });
  const [draft, setDraft] = useState<MailTemplateBody | null>(null);
  const [preview, setPreview] = useState<MailPreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  useEffect(() => {
    if (q.data) setDraft(q.data.current);
    setPreview(null);
  }, [q.data]);

  if (q.error) return <ErrorAlert error={q.error} title="Could not load the template" />;
  if (q.isPending || !draft) return <Loader aria-label="Loading the template" />;

  async function act(what: string, fn: () => Promise<unknown>, done?: string) {
    setBusy(what);
    try {
      await fn();
      if (done) notifications.show({ message: done, color: 'green' });
    } catch (err) {
      notifications.show({ title: `Could not ${what}`, message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(null);
    }
  }
  const refresh = (data: unknown) => {
    qc.setQueryData(['mail-templates', kind, lang], data);
    void qc.invalidateQueries({ queryKey: ['mail-templates', 'list'] });
  };
  const set = (k: keyof MailTemplateBody) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [k]: e.currentTarget.value });

  return (
    <Stack>
      <Group gap="xs">
        <Text fw={600}>
          {kindLabel(kind)} ({lang})
        </Text>
        {q.data.customised ? <Badge color="blue">Edited</Badge> : <Badge color="gray">Built-in</Badge>}
      </Group>
      <Text size="sm">
        Variables:{' '}
        {q.data.variables.map((v) => (
          <Code key={v.name} mr={4}>{`{{${v.name}}}`}</Code>
        ))}
      </Text>
      <Text size="xs" c="dark.6">
        Values are HTML-escaped in the HTML part. Sections like {'{{#url}}…{{/url}}'} show only when the value is set.
      </Text>
      <TextInput label="Subject" value={draft.subject} onChange={set('subject')} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Textarea label="Text" value={draft.text} onChange={set('text')} autosize minRows={8} maxRows={20} />
        <Textarea
          label="HTML"
          value={draft.html}
          onChange={set('html')}
          autosize
          minRows={8}
          maxRows={20}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
        />
      </SimpleGrid>
      <Group>
        <Button
          loading={busy === 'save'}
          onClick={() =>
            void act('save', async () => refresh(await notificationsApi.save(kind, lang, draft)), 'Template saved.')
          }
        >
          Save
        </Button>
        <Button
          variant="light"
          loading={busy === 'preview'}
          onClick={() => void act('preview', async () => setPreview(await notificationsApi.preview(kind, lang, draft)))}
        >
          Preview
        </Button>
        <Button
          variant="light"
          loading={busy === 'send a test'}
          onClick={() =>
            void act('send a test', async () => {
              const r = await notificationsApi.sendTest(kind, lang, draft);
              notifications.show({ message: `Test queued to ${r.to}.`, color: 'green' });
            })
          }
        >
          Send me a test
        </Button>
        <Button variant="subtle" color="red" disabled={!q.data.customised} onClick={() => setConfirmReset(true)}>
          Reset to default
        </Button>
      </Group>
      <ConfirmModal
        opened={confirmReset}
        title="Reset to the built-in template?"
        confirmLabel="Reset"
        danger
        onClose={() => setConfirmReset(false)}
        onConfirm={async () => refresh(await notificationsApi.reset(kind, lang))}
      >
        The edited version stays in the history; the built-in wording applies to mail queued from now on.
      </ConfirmModal>
      {preview && (
        <Paper withBorder p="sm" component="section" aria-label="Preview">
          <Stack gap="xs">
            <Text size="sm">
              <b>Subject:</b> {preview.subject}
            </Text>
            <iframe
              title="HTML preview"
              sandbox=""
              srcDoc={preview.html}
              style={{ width: '100%', height: 320, border: '1px solid #dee2e6' }}
            />
            <Text size="sm" component="pre" style={{ whiteSpace: 'pre-wrap' }} data-testid="text-preview">
              {preview.text}
            </Text>
          </Stack>
        </Paper>
      )}
      {q.data.versions.length > 0 && (
        <Table aria-label="Versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Saved</Table.Th>
              <Table.Th>By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data.versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>
                  {v.version}
                  {v.reset ? ' (reset)' : ''}
                </Table.Td>
                <Table.Td>{formatDateTime(v.changedAt)}</Table.Td>
                <Table.Td>{v.changedByName ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function BrandingForm() {
  const q = useQuery({ queryKey: ['mail-branding'], queryFn: notificationsApi.branding });
  const [b, setB] = useState<MailBranding | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (q.data) setB(q.data);
  }, [q.data]);
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the branding" />;
  if (!b) return <Loader aria-label="Loading the branding" />;
  async function save() {
    setBusy(true);
    try {
      setB(await notificationsApi.setBranding(b!));
      notifications.show({ message: 'Branding saved.', color: 'green' });
    } catch (err) {
      notifications.show({ title: 'Could not save the branding', message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(false);
    }
  }
  const text = (v: string) => (v.trim() ? v : null);
  return (
    <Stack component="section" aria-labelledby="branding-heading">
      <Title order={2} size="h3" id="branding-heading">
        Branding
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TextInput
          label="Logo URL"
          value={b.logoUrl ?? ''}
          onChange={(e) => setB({ ...b, logoUrl: text(e.currentTarget.value) })}
        />
        <ColorInput
          label="Colour"
          value={b.colour}
          onChange={(colour) => setB({ ...b, colour })}
          format="hex"
          eyeDropperButtonProps={{ 'aria-label': 'Pick the colour from the screen' }}
        />
        <TextInput
          label="Sender name"
          value={b.senderName ?? ''}
          onChange={(e) => setB({ ...b, senderName: text(e.currentTarget.value) })}
        />
        <TextInput
          label="Reply-to address"
          value={b.replyTo ?? ''}
          onChange={(e) => setB({ ...b, replyTo: text(e.currentTarget.value) })}
        />
      </SimpleGrid>
      <Group>
        <Button loading={busy} onClick={() => void save()}>
          Save branding
        </Button>
      </Group>
    </Stack>
  );
}

export function MailTemplatesPage() {
  usePageTitle('Mail templates');
  const list = useQuery({ queryKey: ['mail-templates', 'list'], queryFn: notificationsApi.templates });
  const [selected, setSelected] = useState<string | null>(null);
  const options =
    list.data?.items.map((t) => ({
      value: `${t.kind}/${t.lang}`,
      label: `${kindLabel(t.kind)} (${t.lang})${t.customised ? ' — edited' : ''}`,
    })) ?? [];
  const [kind, lang] = selected?.split('/') ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>Mail templates</Title>
      <Paper withBorder p="md">
        <BrandingForm />
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3">
            Templates
          </Title>
          {list.error ? (
            <ErrorAlert error={list.error} title="Could not load the templates" />
          ) : list.isPending ? (
            <Loader aria-label="Loading the templates" />
          ) : (
            <Select
              label="Mail"
              placeholder="Choose a mail to edit"
              searchable
              data={options}
              value={selected}
              onChange={setSelected}
            />
          )}
          {kind && lang ? <TemplateEditor key={selected} kind={kind} lang={lang} /> : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
