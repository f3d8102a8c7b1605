import { Anchor, Code, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ROLES } from '../../../common/domain';
import { api } from '../../common/api';
import { importsApi, type BlankCells, type ImportMode } from './importsApi';
import { BLANK_HELP, BLANK_LABELS, MODE_HELP, MODE_LABELS } from './importText';
import { usePageTitle } from '../../common/lib/usePageTitle';
import { DataTable } from '../../common/components/DataTable';

/** Every column of the template, in the template's order. Mirrors docs/imports.md: keep the two in step. */
const COLUMNS: { name: string; what: string; example: string }[] = [
  {
    name: 'email',
    what: 'Work email address, unique. The usual match key (not case-sensitive). Required to create someone.',
    example: 'ada@example.com',
  },
  { name: 'firstName', what: 'First name. Required to create someone; an empty cell never clears it.', example: 'Ada' },
  { name: 'lastName', what: 'Last name.', example: 'Lovelace' },
  {
    name: 'employeeId',
    what: 'Your HR system’s identifier, unique. Can be the match key instead of email.',
    example: 'E-1042',
  },
  { name: 'jobTitle', what: 'Job title.', example: 'Analyst' },
  { name: 'department', what: 'Department.', example: 'Research' },
  { name: 'location', what: 'Office or city.', example: 'London' },
  { name: 'phone', what: 'Phone number.', example: '+44 20 7946 0000' },
  { name: 'photoUrl', what: 'Address of a profile picture.', example: 'https://example.com/ada.jpg' },
  {
    name: 'role',
    what: `Platform role: ${ROLES.join(', ')}. Only Owners and Admins assign roles, only Owners the Owner role. New people without one are learners.`,
    example: 'learner',
  },
  {
    name: 'teams',
    what: 'Team paths by name, parent and child separated by “/”, several separated by “|”. The cell is the person’s full list: listed teams are joined, others are left. Unknown teams are errors unless “create missing teams” is ticked.',
    example: 'Sales/EMEA|Mentors',
  },
  {
    name: 'managerEmail',
    what: 'Email of the line manager: someone who exists, or someone created by the same file (any row order). Reporting cycles are refused.',
    example: 'grace@example.com',
  },
  { name: 'language', what: 'Language of emails and the interface, as a tag.', example: 'fr-CA' },
  { name: 'timeZone', what: 'IANA time zone name.', example: 'Europe/Paris' },
  { name: 'hireDate', what: 'Date of hire, YYYY-MM-DD.', example: '2024-03-01' },
  {
    name: 'expiryDate',
    what: 'Access ends at the end of that day (UTC), or at an ISO date-time. Must be in the future; needs the right to set expiry dates.',
    example: '2026-12-31',
  },
  {
    name: 'status',
    what: '“deactivate” or “reactivate” for an existing person; empty leaves the status alone.',
    example: 'deactivate',
  },
];

/** What each column, mode and option of the CSV import means. */
export function ImportHelpPage() {
  usePageTitle('Import help');
  const cf = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), staleTime: 60_000 });
  const custom = cf.data?.items ?? [];
  return (
    <Stack gap="lg" maw={960}>
      <Anchor component={Link} to="/imports" size="sm">
        ← Imports
      </Anchor>
      <Title order={1}>How CSV imports work</Title>
      <Text>
        One file adds new people, updates the people you have, or both. Every import is read and checked first; the
        preview shows what each row would do, and nothing is written until you commit. Start from the{' '}
        <Anchor href={importsApi.templateUrl} download underline="always">
          CSV template
        </Anchor>
        , which has every column below.
      </Text>

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          The file
        </Title>
        <List size="sm" spacing={4}>
          <List.Item>
            UTF-8, with or without a byte-order mark. In Excel choose “CSV UTF-8 (comma delimited)”.
          </List.Item>
          <List.Item>
            A file that is not valid UTF-8 is read as Windows-1252 (older Excel) and the preview says so: check accented
            names before committing.
          </List.Item>
          <List.Item>
            Commas or semicolons between cells (detected from the header row). Cells in quotes may contain commas and
            line breaks; CRLF and LF line ends both work.
          </List.Item>
          <List.Item>
            The first row names the columns. Names are not case-sensitive and spaces, “-” and “_” are ignored (“First
            name” is firstName); unknown or repeated column names stop the upload with a message naming them.
          </List.Item>
          <List.Item>
            Columns may come in any order; leave out the ones you don’t need, except the one you match on.
          </List.Item>
          <List.Item>
            A row with more or fewer cells than the header is an error row; blank lines are ignored. Up to 200,000 rows
            and 50 MB per file.
          </List.Item>
        </List>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm" id="columns-heading">
          Columns
        </Title>
        <DataTable minWidth={640} aria-labelledby="columns-heading" columns={['Column', 'What it holds', 'Example']}>
          {COLUMNS.map((c) => (
            <Table.Tr key={c.name}>
              <Table.Td>
                <Code>{c.name}</Code>
              </Table.Td>
              <Table.Td>{c.what}</Table.Td>
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
              One column per custom field, named by its key.
              {custom.length > 0
                ? ` Yours: ${custom.map((f) => `cf.${f.key} (${f.label}${f.unique ? ', unique' : ''})`).join(', ')}.`
                : ' You have no custom fields yet.'}{' '}
              Numbers as 3.5 or 3,5; dates as YYYY-MM-DD; booleans true/false, yes/no or 1/0; a single select takes one
              of its options, a multi select several separated by “|”.
            </Table.Td>
            <Table.Td>
              <Code>cf.costCentre</Code>
            </Table.Td>
          </Table.Tr>
        </DataTable>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Modes
        </Title>
        <List size="sm" spacing={6}>
          {(Object.keys(MODE_LABELS) as ImportMode[]).map((m) => (
            <List.Item key={m}>
              <strong>{MODE_LABELS[m]}.</strong> {MODE_HELP[m]}
            </List.Item>
          ))}
        </List>
        <Text size="sm" mt="sm">
          HR and people with the invite permission can add new people. Updating existing people is for Owners and
          Admins.
        </Text>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Empty cells when updating
        </Title>
        <List size="sm" spacing={6}>
          {(Object.keys(BLANK_LABELS) as BlankCells[]).map((b) => (
            <List.Item key={b}>
              <strong>{BLANK_LABELS[b]}.</strong> {BLANK_HELP[b]}
            </List.Item>
          ))}
        </List>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Matching, errors and invitations
        </Title>
        <List size="sm" spacing={6}>
          <List.Item>
            People are matched on email (not case-sensitive), on employee ID (exact), or on a custom field marked
            unique. When matching on something other than email, the email column changes the person’s email. The same
            key twice in one file is an error on every row after the first.
          </List.Item>
          <List.Item>
            The email of a deactivated person is an error with a hint: put “reactivate” in the status column and import
            in an update mode. The email of a deleted person is refused until they are restored or purged.
          </List.Item>
          <List.Item>
            Other errors: a bad value in a cell, an email, employee ID or unique value that belongs to someone else, a
            manager who neither exists nor is created by the file, a reporting cycle, an unknown team, rights you don’t
            have (roles, expiry, status), and people outside your scope (“not found”). Rows with errors are never
            imported; the other rows are. Each error names its CSV line and column.
          </List.Item>
          <List.Item>
            “Create missing teams” creates unknown team paths with their missing parents; it needs the right to manage
            teams.
          </List.Item>
          <List.Item>
            Invitations for the people created: queued when the import is committed (a large import never waits for the
            mail server), scheduled for a time you choose, or none yet (status “not invited”; send them later from
            People).
          </List.Item>
          <List.Item>
            Imports run in the background with a progress bar, in chunks: a crash or restart never leaves a half-written
            row or a duplicate, and the import resumes. Each chunk is checked again against the current data, so a
            change made since the preview is never overwritten blindly: such a row fails with its reason. Running the
            same file again in “add and update” reports every row unchanged.
          </List.Item>
          <List.Item>
            Every change is in the audit log with the import as its cause. After the commit, download the people log:
            one line per row with its action, outcome, errors and changes (cells a spreadsheet would run as a formula
            start with an apostrophe).
          </List.Item>
        </List>
      </Paper>
    </Stack>
  );
}
