import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../common/api';
import { ExportMenu } from '../../common/components/ExportMenu';
import { UserRef } from '../../common/components/UserRef';
import { formatDateTime } from '../../common/lib/format';
import { AuditActor } from './AuditActor';
import { AuditPersonPicker, TokenPicker } from './AuditPickers';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { LoadMore } from '../../common/components/LoadMore';
import { DataTable, columnHeadings } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';

interface Filters {
  /** A person or a token (the two pickers share it: choosing one clears the other). */
  actorId: string;
  actorKind: 'person' | 'token';
  targetId: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { actorId: '', actorKind: 'person', targetId: '', action: '', from: '', to: '' };

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 48 ? s.slice(0, 47) + '…' : s;
}

/** Compact key: value view of a before/after snapshot; long ones fold away. */
function Json({ value }: { value: unknown }) {
  const { t } = useTranslation('audit');
  if (value === null || value === undefined) return <>—</>;
  if (typeof value !== 'object' || Array.isArray(value)) return <pre className="json-cell">{short(value)}</pre>;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <>—</>;
  const lines = (list: [string, unknown][]) => list.map(([k, v]) => `${k}: ${short(v)}`).join('\n');
  if (entries.length <= 4) return <pre className="json-cell">{lines(entries)}</pre>;
  return (
    <details>
      <summary style={{ cursor: 'pointer', fontSize: 13 }}>{t('fields', { count: entries.length })}</summary>
      <pre className="json-cell">{lines(entries)}</pre>
    </details>
  );
}

export function AuditPage() {
  const { t } = useTranslation('audit');
  usePageTitle(t('title'));
  const [params] = useSearchParams();
  const initial: Filters = {
    ...EMPTY,
    actorId: params.get('actorId') ?? '',
    actorKind: params.get('actorKind') === 'token' ? 'token' : 'person',
    targetId: params.get('targetId') ?? '',
    action: params.get('action') ?? '',
  };
  const [draft, setDraft] = useState<Filters>(initial);
  const [filters, setFilters] = useState<Filters>(initial);

  const query = {
    actorId: filters.actorId.trim() || undefined,
    targetId: filters.targetId.trim() || undefined,
    action: filters.action.trim() || undefined,
    from: filters.from ? new Date(filters.from + 'T00:00:00').toISOString() : undefined,
    to: filters.to ? new Date(filters.to + 'T23:59:59.999').toISOString() : undefined,
  };
  const list = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) => api.audit(query, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const set = (k: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft({ ...draft, [k]: e.currentTarget.value });

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <Title order={1}>{t('title')}</Title>
        <ExportMenu what={t('exportWhat')} href={(format) => api.exportAuditUrl(query, format)} />
      </Group>
      <Paper withBorder p="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFilters(draft);
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t('filters.action')}
              placeholder={t('filters.actionPlaceholder')}
              value={draft.action}
              onChange={set('action')}
            />
            <AuditPersonPicker
              label={t('filters.actor')}
              value={draft.actorKind === 'person' ? draft.actorId || null : null}
              onChange={(id) => setDraft({ ...draft, actorId: id ?? '', actorKind: 'person' })}
            />
            <TokenPicker
              label={t('filters.token')}
              value={draft.actorKind === 'token' ? draft.actorId || null : null}
              onChange={(id) => setDraft({ ...draft, actorId: id ?? '', actorKind: 'token' })}
            />
            <AuditPersonPicker
              label={t('filters.target')}
              value={draft.targetId || null}
              onChange={(id) => setDraft({ ...draft, targetId: id ?? '' })}
            />
            <TextInput label={t('filters.from')} type="date" value={draft.from} onChange={set('from')} />
            <TextInput label={t('filters.to')} type="date" value={draft.to} onChange={set('to')} />
            <Button type="submit">{t('filters.apply')}</Button>
            <Button
              variant="default"
              onClick={() => {
                setDraft(EMPTY);
                setFilters(EMPTY);
              }}
            >
              {t('filters.reset')}
            </Button>
          </Group>
        </form>
      </Paper>
      <QueryState query={list} texts="audit" empty={<Text>{t('empty')}</Text>}>
        {() => (
          <>
            <DataTable
              minWidth={900}
              aria-label={t('entries')}
              verticalSpacing="xs"
              columns={columnHeadings(t, 'columns', ['when', 'actor', 'action', 'target', 'before', 'after', 'ip'])}
            >
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>
                    <AuditActor entry={e} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {e.action}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {e.targetType === 'user' && e.targetId ? (
                      <UserRef id={e.targetId} />
                    ) : (
                      <Text size="sm">{[e.targetType, e.targetId].filter(Boolean).join(' ') || '—'}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Json value={e.before} />
                  </Table.Td>
                  <Table.Td>
                    <Json value={e.after} />
                  </Table.Td>
                  <Table.Td>{e.ip ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            <LoadMore shown={items.length} total={total} list={list} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
