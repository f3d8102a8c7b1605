import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Group, Pagination, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useFieldLabels } from './useFieldLabels';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { importsApi, ROW_ACTIONS, type Import, type ImportRow, type RowAction } from './importsApi';
import { ActionBadge } from './Badges';
import { actionLabel, byFieldOrder } from './importText';
import { formatNumber } from '../../common/lib/format';
import { i18next } from '../../i18n';
import { DataTable } from '../../common/components/DataTable';
import { QueryState } from '../../common/components/QueryState';
import { SearchInput } from '../../common/components/SearchInput';

const PAGE_SIZE = 50;

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return i18next.t('imports:rows.empty');
  if (Array.isArray(v)) return v.length ? v.join(', ') : i18next.t('imports:rows.empty');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * What a row changes, compactly: a new person as one line of values ("First name: Ann · Department: Sales"),
 * an update as "Label: old → new" per changed field.
 */
function Changes({ row }: { row: ImportRow }) {
  const { t } = useTranslation('imports');
  const label = useFieldLabels();
  const entries = Object.entries(row.changes ?? {}).sort(([a], [b]) => byFieldOrder(a, b));
  if (entries.length === 0) return <>—</>;
  if (row.action === 'create')
    return (
      <Text size="xs" style={{ wordBreak: 'break-word' }} data-testid="new-values">
        {entries.map(([field, [, to]], i) => (
          <span key={field}>
            {i > 0 && ' · '}
            <Text span fw={600} size="xs">
              {label(field)}
            </Text>
            : {show(to)}
          </span>
        ))}
      </Text>
    );
  return (
    <Stack gap={2}>
      {entries.map(([field, [from, to]]) => (
        <Text key={field} size="xs" style={{ wordBreak: 'break-word' }}>
          <Text span fw={600} size="xs">
            {label(field)}
          </Text>
          : <span>{show(from)}</span> <span aria-label={t('rows.changesTo')}>→</span> <span>{show(to)}</span>
        </Text>
      ))}
    </Stack>
  );
}

function Errors({ errors }: { errors: ImportRow['errors'] }) {
  const label = useFieldLabels();
  if (!errors?.length) return <>—</>;
  return (
    <Stack gap={2}>
      {errors.map((e, i) => (
        <Text key={i} size="xs" c="red.9">
          {e.column ? <strong>{label(e.column)}: </strong> : null}
          {e.message}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * The rows of an import, filterable by planned action and searchable. In the preview they are the
 * plan; after the commit the same rows carry their outcome.
 */
export function ImportRows({ imp, showOutcome = false }: { imp: Import; showOutcome?: boolean }) {
  const { t } = useTranslation('imports');
  const [action, setAction] = useState<RowAction | 'all'>('all');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [page, setPage] = useState(1);
  // Six choices do not fit side by side on a phone: they stack there.
  const narrow = useMediaQuery('(max-width: 40em)');
  // A new filter starts at page 1 during this render: an effect would first fetch the old page for it.
  const filterKey = `${action}|${q}`;
  const [pagedFor, setPagedFor] = useState(filterKey);
  if (pagedFor !== filterKey) {
    setPagedFor(filterKey);
    setPage(1);
  }

  const total = ROW_ACTIONS.reduce((n, a) => n + (imp.counts[a] ?? 0), 0);
  const rows = useQuery({
    queryKey: ['import', imp.id, 'rows', imp.state, action, q, page],
    queryFn: () =>
      importsApi.rows(imp.id, {
        action: action === 'all' ? null : action,
        q,
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((rows.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div style={{ maxWidth: '100%' }}>
          <Text id={`filter-${imp.id}`} size="sm" fw={500} mb={4}>
            {t('rows.show')}
          </Text>
          <SegmentedControl
            aria-labelledby={`filter-${imp.id}`}
            orientation={narrow ? 'vertical' : 'horizontal'}
            fullWidth={narrow}
            value={action}
            onChange={(v) => setAction(v as RowAction | 'all')}
            data={[
              { value: 'all', label: t('rows.filter', { label: t('rows.all'), n: formatNumber(total) }) },
              ...ROW_ACTIONS.map((a) => ({
                value: a,
                label: t('rows.filter', { label: actionLabel(a), n: formatNumber(imp.counts[a] ?? 0) }),
              })),
            ]}
          />
        </div>
        <SearchInput
          label={t('rows.search')}
          placeholder={t('rows.searchPlaceholder')}
          value={search}
          onChange={setSearch}
        />
      </Group>
      <QueryState
        query={rows}
        texts="imports:rows"
        empty={<Text>{q || action !== 'all' ? t('rows.noMatch') : t('rows.noRows')}</Text>}
      >
        {(data) => (
          <>
            <DataTable
              minWidth={860}
              aria-label={t('rows.label')}
              verticalSpacing="xs"
              columns={[
                t('rows.line'),
                t('rows.email'),
                t('rows.name'),
                t('rows.action'),
                showOutcome && t('rows.outcome'),
                t('rows.errors'),
                t('rows.changes'),
              ]}
            >
              {data.items.map((r) => (
                <Table.Tr key={r.line}>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {r.userId &&
                    r.action !== 'error' &&
                    r.action !== 'skip' &&
                    (imp.state === 'completed' || r.action !== 'create') ? (
                      <Anchor component={Link} to={`/people/${encodeURIComponent(r.userId)}`} size="sm">
                        {r.email ?? '—'}
                      </Anchor>
                    ) : (
                      (r.email ?? '—')
                    )}
                  </Table.Td>
                  <Table.Td>{r.name || '—'}</Table.Td>
                  <Table.Td>
                    <ActionBadge action={r.action} />
                  </Table.Td>
                  {showOutcome && (
                    <Table.Td>
                      {r.outcome === 'applied' ? t('rows.applied') : r.outcome === 'failed' ? t('rows.failed') : '—'}
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Errors errors={r.errors} />
                  </Table.Td>
                  <Table.Td>
                    <Changes row={r} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            <Group justify="space-between">
              <Text size="sm" c="dark.7">
                {t('rows.count', { count: data.total })}
                {pages > 1 ? ` · ${t('rows.page', { page, pages })}` : ''}
              </Text>
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={page}
                  onChange={setPage}
                  getControlProps={(c) => ({
                    'aria-label': c === 'previous' ? t('rows.previous') : c === 'next' ? t('rows.next') : c,
                  })}
                  getItemProps={(p) => ({ 'aria-label': t('rows.pageN', { page: p }) })}
                />
              )}
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
