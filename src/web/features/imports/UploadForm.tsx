import { useState } from 'react';
import { Anchor, Button, Checkbox, Group, List, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, ApiError, errorMessage } from '../../common/api';
import { importsApi, type BlankCells, type Import, type ImportInvite, type ImportMode } from './importsApi';
import { localInputToIso } from '../../common/lib/format';
import { useCan } from '../../common/lib/session';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { FileDrop } from './FileDrop';
import { BLANK_HELP, BLANK_LABELS, MODE_HELP, MODE_LABELS } from './importText';

/** Step 1: the file and how to read it. Nothing is written: the server only prepares a preview. */
export function UploadForm({ onCreated }: { onCreated: (imp: Import) => void }) {
  // Updating existing people is for Owners and Admins (people.bulk_update); HR and curators only add.
  const canUpdate = useCan('people.bulk_update');
  const cf = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.customFields(), staleTime: 60_000 });
  const uniqueFields = (cf.data?.items ?? []).filter((f) => f.unique);

  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('add');
  const [blankCells, setBlankCells] = useState<BlankCells>('keep');
  const [matchOn, setMatchOn] = useState('email');
  const [invite, setInvite] = useState<ImportInvite>('none');
  const [inviteAt, setInviteAt] = useState('');
  const [createMissingTeams, setCreateMissingTeams] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);

  const modes: ImportMode[] = canUpdate ? ['add', 'update', 'add_update'] : ['add'];

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!file) fe.file = 'Choose a CSV file to import.';
    const at = invite === 'scheduled' ? localInputToIso(inviteAt) : undefined;
    if (invite === 'scheduled' && !at) fe.inviteAt = 'Choose when the invitations should be sent.';
    else if (at && new Date(at).getTime() <= Date.now()) fe.inviteAt = 'Choose a time in the future.';
    setErrors(fe);
    setError(null);
    if (Object.keys(fe).length || !file) return;
    setBusy(true);
    try {
      onCreated(await importsApi.upload({ file, mode, blankCells, matchOn, invite, inviteAt: at, createMissingTeams }));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(errorMessage(err)));
      if (err instanceof ApiError) setErrors(err.fieldErrors);
    } finally {
      setBusy(false);
    }
  }

  const details =
    error instanceof ApiError && Array.isArray(error.details)
      ? (error.details as { field?: string; message?: string }[])
      : [];

  return (
    <form onSubmit={submit} noValidate aria-labelledby="upload-heading">
      <Stack>
        <Text id="upload-heading" fw={600} size="lg" component="h2" m={0}>
          1. Upload a CSV file
        </Text>
        <Text size="sm" c="dark.7">
          Start from the{' '}
          <Anchor href={importsApi.templateUrl} download underline="always">
            CSV template
          </Anchor>{' '}
          (every column, your custom fields included). See{' '}
          <Anchor component={Link} to="/imports/help" underline="always">
            how each column and mode works
          </Anchor>
          . Nothing is written until you review the preview and commit.
        </Text>
        <ErrorAlert error={error} title="The file could not be read">
          {details.length > 0 && (
            <List size="sm" mt="xs">
              {details.map((d, i) => (
                <List.Item key={i}>{[d.field, d.message].filter(Boolean).join(': ')}</List.Item>
              ))}
            </List>
          )}
        </ErrorAlert>
        <FileDrop file={file} onChange={setFile} error={errors.file} />

        <Radio.Group
          label="What should the import do?"
          value={mode}
          onChange={(v) => setMode(v as ImportMode)}
          description={MODE_HELP[mode]}
        >
          <Stack gap={6} mt={6}>
            {modes.map((m) => (
              <Radio key={m} value={m} label={MODE_LABELS[m]} />
            ))}
          </Stack>
        </Radio.Group>
        {!canUpdate && (
          <Text size="sm" c="dark.7">
            Your role can add new people. Updating existing people by CSV is for Owners and Admins.
          </Text>
        )}

        {mode !== 'add' && (
          <Radio.Group
            label="Empty cells in the file"
            value={blankCells}
            onChange={(v) => setBlankCells(v as BlankCells)}
            description={BLANK_HELP[blankCells]}
          >
            <Stack gap={6} mt={6}>
              {(['keep', 'clear'] as const).map((b) => (
                <Radio key={b} value={b} label={BLANK_LABELS[b]} />
              ))}
            </Stack>
          </Radio.Group>
        )}

        <NativeSelect
          label="Match people on"
          description="The column that identifies an existing person. Duplicates of it inside the file are errors."
          value={matchOn}
          onChange={(e) => setMatchOn(e.currentTarget.value)}
          data={[
            { value: 'email', label: 'Email (not case-sensitive)' },
            { value: 'employeeId', label: 'Employee ID' },
            ...uniqueFields.map((f) => ({ value: `cf.${f.key}`, label: `${f.label} (custom field)` })),
          ]}
          error={errors.matchOn}
          maw={420}
        />

        <Radio.Group
          label="Invitations for the people created"
          value={invite}
          onChange={(v) => setInvite(v as ImportInvite)}
        >
          <Stack gap={6} mt={6}>
            <Radio value="none" label="Don’t invite yet" />
            <Radio value="now" label="Send invitations when the import is committed" />
            <Radio value="scheduled" label="Send invitations at a time" />
          </Stack>
        </Radio.Group>
        {invite === 'scheduled' && (
          <TextInput
            label="Send invitations at"
            description="Your local time"
            type="datetime-local"
            value={inviteAt}
            onChange={(e) => setInviteAt(e.currentTarget.value)}
            error={errors.inviteAt}
            maw={320}
          />
        )}

        <Checkbox
          label="Create teams named in the file that don’t exist yet"
          description="Otherwise a row naming an unknown team path (e.g. Sales/EMEA) is an error."
          checked={createMissingTeams}
          onChange={(e) => setCreateMissingTeams(e.currentTarget.checked)}
        />

        <Group>
          <Button type="submit" loading={busy}>
            Upload and preview
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
