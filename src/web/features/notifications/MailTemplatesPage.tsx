/**
 * Settings → Mail (Owners and Admins): every kind of mail per language — edit its subject, text and HTML
 * (Mustache, with the kind's variables listed), preview it with sample values, send a test to oneself, reset it
 * to the built-in wording, and see who saved which version; and the organisation's mail branding.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  type TextareaProps,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../common/api';
import { useConfirmation } from '../../common/components/useItemConfirmation';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { i18next } from '../../i18n';
import { notificationsApi, type MailPreview, type MailTemplateBody } from './notificationsApi';
import { BrandingForm } from './BrandingForm';
import { SectionHeading } from '../../common/components/SectionHeading';
import { SimpleTable } from '../../common/components/DataTable';

const humanKind = (kind: string) => kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
/** A kind of mail by its name in the UI's language (`kind.<kind>`); a kind without one, by its code made readable. */
const kindLabel = (kind: string) => i18next.t(`notifications:kind.${kind}`, { defaultValue: humanKind(kind) });

function TemplateEditor({ kind, lang }: { kind: string; lang: string }) {
  const { t } = useTranslation('notifications');
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['mail-templates', kind, lang],
    queryFn: () => notificationsApi.template(kind, lang),
  });
  const [draft, setDraft] = useState<MailTemplateBody | null>(null);
  const [preview, setPreview] = useState<MailPreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const refresh = (data: unknown) => {
    qc.setQueryData(['mail-templates', kind, lang], data);
    void qc.invalidateQueries({ queryKey: ['mail-templates', 'list'] });
  };
  const reset = useConfirmation(() => ({
    title: t('editor.resetTitle'),
    confirmLabel: t('editor.resetConfirm'),
    danger: true,
    onConfirm: async () => refresh(await notificationsApi.reset(kind, lang)),
    children: t('editor.resetBody'),
  }));
  useEffect(() => {
    if (q.data) setDraft(q.data.current);
    setPreview(null);
  }, [q.data]);

  if (q.error) return <ErrorAlert error={q.error} title={t('editor.loadFailed')} />;
  if (q.isPending || !draft) return <Loader aria-label={t('editor.loading')} />;

  /** Runs one of the editor's actions; `what` names it for the busy button and its failure's title. */
  async function act(what: 'save' | 'preview' | 'sendTest', fn: () => Promise<unknown>, done?: string) {
    setBusy(what);
    try {
      await fn();
      if (done) notifications.show({ message: done, color: 'green' });
    } catch (err) {
      notifications.show({ title: t(`editor.failed.${what}`), message: errorMessage(err), color: 'red' });
    } finally {
      setBusy(null);
    }
  }
  const set = (k: keyof MailTemplateBody) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [k]: e.currentTarget.value });
  /** One of the mail's two bodies (plain text, HTML), growing with what it holds. */
  const body = (k: 'text' | 'html', label: string, styles?: TextareaProps['styles']) => (
    <Textarea label={label} value={draft[k]} onChange={set(k)} autosize minRows={8} maxRows={20} styles={styles} />
  );

  return (
    <Stack>
      <Group gap="xs">
        <Text fw={600}>
          {kindLabel(kind)} ({lang})
        </Text>
        {q.data.customised ? (
          <Badge color="blue">{t('editor.edited')}</Badge>
        ) : (
          <Badge color="gray">{t('editor.builtIn')}</Badge>
        )}
      </Group>
      <Text size="sm">
        {t('editor.variables')}{' '}
        {q.data.variables.map((v) => (
          <Code key={v.name} mr={4}>{`{{${v.name}}}`}</Code>
        ))}
      </Text>
      <Text size="xs" c="dark.6">
        {t('editor.variablesHint', { section: '{{#url}}…{{/url}}' })}
      </Text>
      <TextInput label={t('editor.subject')} value={draft.subject} onChange={set('subject')} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {body('text', t('editor.text'))}
        {body('html', t('editor.html'), { input: { fontFamily: 'monospace', fontSize: 12 } })}
      </SimpleGrid>
      <Group>
        <Button
          loading={busy === 'save'}
          onClick={() =>
            void act('save', async () => refresh(await notificationsApi.save(kind, lang, draft)), t('editor.saved'))
          }
        >
          {t('editor.save')}
        </Button>
        <Button
          variant="light"
          loading={busy === 'preview'}
          onClick={() => void act('preview', async () => setPreview(await notificationsApi.preview(kind, lang, draft)))}
        >
          {t('editor.preview')}
        </Button>
        <Button
          variant="light"
          loading={busy === 'sendTest'}
          onClick={() =>
            void act('sendTest', async () => {
              const r = await notificationsApi.sendTest(kind, lang, draft);
              notifications.show({ message: t('editor.testQueued', { to: r.to }), color: 'green' });
            })
          }
        >
          {t('editor.sendTest')}
        </Button>
        <Button variant="subtle" color="red" disabled={!q.data.customised} onClick={reset.ask}>
          {t('editor.reset')}
        </Button>
      </Group>
      {reset.modal}
      {preview && (
        <Paper withBorder p="sm" component="section" aria-label={t('editor.preview')}>
          <Stack gap="xs">
            <Text size="sm">
              <b>{t('editor.previewSubject')}</b> {preview.subject}
            </Text>
            <iframe
              title={t('editor.htmlPreview')}
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
        <SimpleTable
          aria-label={t('versions.label')}
          columns={[t('versions.version'), t('versions.saved'), t('versions.by')]}
        >
          {q.data.versions.map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>
                {v.version}
                {v.reset ? ` ${t('versions.reset')}` : ''}
              </Table.Td>
              <Table.Td>{formatDateTime(v.changedAt)}</Table.Td>
              <Table.Td>{v.changedByName ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </SimpleTable>
      )}
    </Stack>
  );
}

export function MailTemplatesPage() {
  const { t } = useTranslation('notifications');
  usePageTitle(t('templates.title'));
  const list = useQuery({ queryKey: ['mail-templates', 'list'], queryFn: notificationsApi.templates });
  const [selected, setSelected] = useState<string | null>(null);
  const options =
    list.data?.items.map((m) => ({
      value: `${m.kind}/${m.lang}`,
      label: `${kindLabel(m.kind)} (${m.lang})${m.customised ? ` — ${t('templates.editedSuffix')}` : ''}`,
    })) ?? [];
  const [kind, lang] = selected?.split('/') ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>{t('templates.title')}</Title>
      <Paper withBorder p="md">
        <BrandingForm />
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <SectionHeading title={t('templates.heading')} />
          {list.error ? (
            <ErrorAlert error={list.error} title={t('templates.loadFailed')} />
          ) : list.isPending ? (
            <Loader aria-label={t('templates.loading')} />
          ) : (
            <Select
              label={t('templates.mail')}
              placeholder={t('templates.choose')}
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
