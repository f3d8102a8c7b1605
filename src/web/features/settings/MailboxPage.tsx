import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Grid, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api, type MailMessage } from '../../common/api';
import { formatDateTime } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { QueryState } from '../../common/components/QueryState';
import { SectionHeading } from '../../common/components/SectionHeading';

const URL_RE = /(https?:\/\/[^\s<>"')\]]+(?:\[redacted\])?)/g;
/** The server replaces a token the reader may not see with this (a link without it leads nowhere). */
const REDACTED = '[redacted]';

function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <pre className="mail-body">
      {parts.map((p, i) =>
        i % 2 === 1 && !p.endsWith(REDACTED) ? (
          <Anchor key={i} href={p}>
            {p}
          </Anchor>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </pre>
  );
}

function htmlInfo(html: string | null): { text: string; links: { href: string; label: string }[] } {
  if (!html) return { text: '', links: [] };
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const links = [...doc.querySelectorAll('a[href]')]
    .map((a) => ({ href: a.getAttribute('href') ?? '', label: (a.textContent ?? '').trim() }))
    .filter((l) => (/^https?:\/\//i.test(l.href) || l.href.startsWith('/')) && !l.href.endsWith(REDACTED));
  return { text: (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim(), links };
}

function MessageView({ message }: { message: MailMessage }) {
  const { t } = useTranslation('settings');
  const info = useMemo(() => htmlInfo(message.html), [message.html]);
  const text = message.text?.trim() ? message.text : info.text;
  const textUrls = new Set(text.match(URL_RE) ?? []);
  const extraLinks = info.links.filter((l) => !textUrls.has(l.href));
  return (
    <Stack gap="sm">
      <SectionHeading title={message.subject} />
      <Group gap="lg">
        <Text size="sm" c="dark.7">
          {t('mailbox.to', { to: message.to })}
        </Text>
        <Text size="sm" c="dark.7">
          {message.sentAt ? t('mailbox.sent', { date: formatDateTime(message.sentAt) }) : t('mailbox.notSent')}
        </Text>
      </Group>
      {message.linksRedacted && (
        <Alert color="gray" title={t('mailbox.linkHidden')}>
          {t('mailbox.linkHiddenBody', { redacted: REDACTED })}
        </Alert>
      )}
      <Paper withBorder p="md" bg="gray.0">
        {text ? <Linkified text={text} /> : <Text>{t('mailbox.emptyMessage')}</Text>}
      </Paper>
      {extraLinks.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('mailbox.links')}
          </Title>
          <List>
            {extraLinks.map((l) => (
              <List.Item key={l.href}>
                <Anchor href={l.href}>{l.label && l.label !== l.href ? `${l.label} (${l.href})` : l.href}</Anchor>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

export function MailboxPage() {
  const { t } = useTranslation('settings');
  usePageTitle(t('mailbox.title'));
  const { messageId } = useParams();
  const q = useQuery({ queryKey: ['mailbox'], queryFn: () => api.mailbox(), refetchInterval: 5000 });
  const items = q.data?.items ?? [];
  const current = messageId ? items.find((m) => m.id === messageId) : undefined;

  return (
    <Stack>
      <Title order={1}>{t('mailbox.title')}</Title>
      <Text c="dark.7">{t('mailbox.intro')}</Text>
      <QueryState query={q} texts="settings:mailbox" empty={<Text>{t('mailbox.empty')}</Text>}>
        {() => (
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Paper withBorder component="nav" aria-label={t('mailbox.messages')}>
                <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {items.map((m) => {
                    const active = m.id === messageId;
                    return (
                      <li
                        key={m.id}
                        style={{ borderBottom: '1px solid #dee2e6', background: active ? '#e7f5ff' : undefined }}
                      >
                        <Stack gap={0} p="sm">
                          <Anchor
                            component={Link}
                            to={`/mailbox/${encodeURIComponent(m.id)}`}
                            fw={600}
                            aria-current={active ? 'true' : undefined}
                          >
                            {m.subject}
                          </Anchor>
                          <Text size="xs" c="dark.7">
                            {m.to} · {formatDateTime(m.sentAt)}
                          </Text>
                        </Stack>
                      </li>
                    );
                  })}
                </ul>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Paper withBorder p="md">
                {current ? (
                  <MessageView message={current} />
                ) : messageId ? (
                  <Text>{t('mailbox.gone')}</Text>
                ) : (
                  <Text>{t('mailbox.select')}</Text>
                )}
              </Paper>
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </Stack>
  );
}
