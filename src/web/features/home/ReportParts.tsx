import { Group, Loader, Stack, Table } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PersonLink } from '../../common/components/UserRef';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { SimpleTable } from '../../common/components/DataTable';
import { DownloadMenu } from '../../common/components/ExportMenu';
import type { ReportFile } from './homeApi';

// The pieces every report tab is made of (ReportsPage.tsx).

/** A report as CSV or Excel: plain download links, streamed by the browser. */
export function Download({ href, what }: { href: (f: ReportFile) => string; what: string }) {
  const { t } = useTranslation('home');
  return <DownloadMenu href={href} button={t('reports.download')} label={t('reports.downloadWhat', { what })} />;
}

/**
 * A report's tab: its download at the top (after the `choice` the report takes, if any), the error if it could
 * not load, a loader while it loads (`withLoader`), then what `children` make of the answer.
 */
export function ReportTab<T>({
  query,
  download,
  choice,
  withLoader = false,
  children,
}: {
  query: UseQueryResult<T>;
  download: React.ReactNode;
  choice?: React.ReactNode;
  withLoader?: boolean;
  children: (data: T) => React.ReactNode;
}) {
  const { t } = useTranslation('home');
  return (
    <Stack>
      {choice ? (
        <Group align="flex-end" justify="space-between">
          {choice}
          {download}
        </Group>
      ) : (
        <Group justify="flex-end">{download}</Group>
      )}
      <ErrorAlert error={query.error} />
      {withLoader && query.isPending && <Loader aria-label={t('loading')} />}
      {query.data && children(query.data)}
    </Stack>
  );
}

/** A report's people: each one's name, linking to their page, then the report's own `columns`. */
export function ReportPeople<P extends { id: string; name: string }>({
  label,
  people,
  columns,
}: {
  label: string;
  people: P[];
  columns: { heading: string; cell: (person: P) => React.ReactNode }[];
}) {
  const { t } = useTranslation('home');
  return (
    <SimpleTable aria-label={label} columns={[t('columns.name'), ...columns.map((c) => c.heading)]}>
      {people.map((p) => (
        <Table.Tr key={p.id}>
          <Table.Td>
            <PersonLink person={p} />
          </Table.Td>
          {columns.map((c) => (
            <Table.Td key={c.heading}>{c.cell(p)}</Table.Td>
          ))}
        </Table.Tr>
      ))}
    </SimpleTable>
  );
}
