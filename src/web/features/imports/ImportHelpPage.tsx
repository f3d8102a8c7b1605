import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Anchor, Code, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ROLES } from '../../../common/domain';
import { api } from '../../common/api';
import { importsApi, type BlankCells, type ImportMode } from './importsApi';
import { blankHelp, blankLabel, modeHelp, modeLabel } from './importText';
import { formatNumber } from '../../common/lib/format';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';

/**
 * Every column of the template, in the template's order, with an example; what each holds is
 * imports:help.column.<name>. Mirrors docs/imports.md: keep the two in step.
 */
const COLUMNS: { name: string; example: string }[] = [
  { name: 'email', example: 'ada@example.com' },
  { name: 'firstName', example: 'Ada' },
  { name: 'lastName', example: 'Lovelace' },
  { name: 'employeeId', example: 'E-1042' },
  { name: 'jobTitle', example: 'Analyst' },
  { name: 'department', example: 'Research' },
  { name: 'location', example: 'London' },
  { name: 'phone', example: '+44 20 7946 0000' },
  { name: 'photoUrl', example: 'https://example.com/ada.jpg' },
  { name: 'role', example: 'learner' },
  { name: 'teams', example: 'Sales/EMEA|Mentors' },
  { name: 'managerEmail', example: 'grace@example.com' },
  { name: 'language', example: 'fr-CA' },
  { name: 'timeZone', example: 'Europe/Paris' },
  { name: 'hireDate', example: '2024-03-01' },
  { name: 'expiryDate', example: '2026-12-31' },
  { name: 'status', example: 'deactivate' },
];

const MODES: ImportMode[] = ['add', 'update', 'add_update'];
const BLANKS: BlankCells[] = ['keep', 'clear'];
/** The points of the help's sections, in order: imports:help.file.<point> and imports:help.matching.<point>. */
const FILE_POINTS = ['encoding', 'latin', 'separators', 'header', 'order', 'limits'];
const MATCHING_POINTS = ['keys', 'deactivated', 'errors', 'teams', 'invitations', 'background', 'audit'];

/** One section of the help: a boxed heading and what it says. */
function HelpSection({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Terms in bold, each followed by what it means (the modes, the blank-cell options). */
function TermList({ terms }: { terms: { key: string; term: string; help: string }[] }) {
  return (
    <List size="sm" spacing={6}>
      {terms.map(({ key, term, help }) => (
        <List.Item key={key}>
          <strong>{term}.</strong> {help}
        </List.Item>
      ))}
    </List>
  );
}

/** What each column, mode and option of the CSV import means. */
export function ImportHelpPage() {
  const { t } = useTranslation('imports');
  usePageTitle(t('help.pageTitle'));
  const cf = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), staleTime: 60_000 });
  const custom = cf.data?.items ?? [];
  return (
    <Stack gap="lg" maw={960}>
      <Anchor component={Link} to="/imports" size="sm">
        ← {t('list.title')}
      </Anchor>
      <Title order={1}>{t('help.title')}</Title>
      <Text>
        <Trans
          t={t}
          i18nKey="help.intro"
          components={{ template: <Anchor href={importsApi.templateUrl} download underline="always" /> }}
        />
      </Text>

      <HelpSection title={t('help.fileTitle')}>
        <List size="sm" spacing={4}>
          {FILE_POINTS.map((p) => (
            <List.Item key={p}>{t(`help.file.${p}`, { rows: formatNumber(200_000) })}</List.Item>
          ))}
        </List>
      </HelpSection>

      <HelpSection title={t('help.columnsTitle')} id="columns-heading">
        <DataTable
          minWidth={640}
          aria-labelledby="columns-heading"
          columns={[t('help.columnHeader'), t('help.holds'), t('help.example')]}
        >
          {COLUMNS.map((c) => (
            <Table.Tr key={c.name}>
              <Table.Td>
                <Code>{c.name}</Code>
              </Table.Td>
              <Table.Td>{t(`help.column.${c.name}`, { roles: ROLES.join(', ') })}</Table.Td>
              <Table.Td>
                <Code>{c.example}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>
              <Code>cf.&lt;key&gt;</Code>
            </Table.Td>
            <Table.Td>
              {t('help.customIntro')}{' '}
              {custom.length > 0
                ? t('help.customYours', {
                    list: custom
                      .map((f) => `cf.${f.key} (${f.unique ? t('help.customUnique', { label: f.label }) : f.label})`)
                      .join(', '),
                  })
                : t('help.customNone')}{' '}
              {t('help.customFormats')}
            </Table.Td>
            <Table.Td>
              <Code>cf.costCentre</Code>
            </Table.Td>
          </Table.Tr>
        </DataTable>
      </HelpSection>

      <HelpSection title={t('help.modesTitle')}>
        <TermList terms={MODES.map((m) => ({ key: m, term: modeLabel(m), help: modeHelp(m) }))} />
        <Text size="sm" mt="sm">
          {t('help.modesWho')}
        </Text>
      </HelpSection>

      <HelpSection title={t('help.blankTitle')}>
        <TermList terms={BLANKS.map((b) => ({ key: b, term: blankLabel(b), help: blankHelp(b) }))} />
      </HelpSection>

      <HelpSection title={t('help.matchingTitle')}>
        <List size="sm" spacing={6}>
          {MATCHING_POINTS.map((p) => (
            <List.Item key={p}>{t(`help.matching.${p}`)}</List.Item>
          ))}
        </List>
      </HelpSection>
    </Stack>
  );
}
