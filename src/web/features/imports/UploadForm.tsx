import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Anchor, Checkbox, List, NativeSelect, Radio, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, ApiError, errorMessage } from '../../common/api';
import { importsApi, type BlankCells, type Import, type ImportInvite, type ImportMode } from './importsApi';
import { localInputToIso } from '../../common/lib/format';
import { useCan } from '../../common/lib/session';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { LocalDateTimeInput } from '../../common/components/LocalDateTimeInput';
import { SubmitButton } from '../../common/form/SubmitButton';
import { FileDrop } from './FileDrop';
import { blankHelp, blankLabel, modeHelp, modeLabel } from './importText';

/** A choice's words: each option's label, and the help under the group, which explains the chosen option. */
type ChoiceText<V> = { label: (option: V) => string; help: (option: V) => string };
const MODE_TEXT: ChoiceText<ImportMode> = { label: modeLabel, help: modeHelp };
const BLANK_TEXT: ChoiceText<BlankCells> = { label: blankLabel, help: blankHelp };
const BLANK_CELLS: readonly BlankCells[] = ['keep', 'clear'];

/** One choice among a few, a radio button each. */
function Choices<V extends string>({
  label,
  value,
  onChange,
  options,
  text,
}: {
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly V[];
  text: ChoiceText<V>;
}) {
  return (
    <Radio.Group label={label} description={text.help(value)} value={value} onChange={(v) => onChange(v as V)}>
      <Stack gap={6} mt={6}>
        {options.map((o) => (
          <Radio key={o} value={o} label={text.label(o)} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** Step 1: the file and how to read it. Nothing is written: the server only prepares a preview. */
export function UploadForm({ onCreated }: { onCreated: (imp: Import) => void }) {
  const { t } = useTranslation('imports');
  // Updating existing people needs people.bulk_update: Owners and Admins, or a people.edit grant limited to a team or
  // a group (the server's abilities say so; each row is then decided within the limit). HR and curators only add.
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
    if (!file) fe.file = t('upload.chooseFile');
    const at = invite === 'scheduled' ? localInputToIso(inviteAt) : undefined;
    if (invite === 'scheduled' && !at) fe.inviteAt = t('upload.chooseInviteTime');
    else if (at && new Date(at).getTime() <= Date.now()) fe.inviteAt = t('upload.chooseFutureTime');
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
          {t('upload.title')}
        </Text>
        <Text size="sm" c="dark.7">
          <Trans
            t={t}
            i18nKey="upload.intro"
            components={{
              template: <Anchor href={importsApi.templateUrl} download underline="always" />,
              help: <Anchor component={Link} to="/imports/help" underline="always" />,
            }}
          />
        </Text>
        <ErrorAlert error={error} title={t('upload.unreadable')}>
          {details.length > 0 && (
            <List size="sm" mt="xs">
              {details.map((d, i) => (
                <List.Item key={i}>{[d.field, d.message].filter(Boolean).join(': ')}</List.Item>
              ))}
            </List>
          )}
        </ErrorAlert>
        <FileDrop file={file} onChange={setFile} error={errors.file} />

        <Choices label={t('upload.whatToDo')} value={mode} onChange={setMode} options={modes} text={MODE_TEXT} />
        {!canUpdate && (
          <Text size="sm" c="dark.7">
            {t('upload.addOnly')}
          </Text>
        )}

        {mode !== 'add' && (
          <Choices
            label={t('upload.emptyCells')}
            value={blankCells}
            onChange={setBlankCells}
            options={BLANK_CELLS}
            text={BLANK_TEXT}
          />
        )}

        <NativeSelect
          label={t('upload.matchOn')}
          description={t('upload.matchOnHelp')}
          value={matchOn}
          onChange={(e) => setMatchOn(e.currentTarget.value)}
          data={[
            { value: 'email', label: t('upload.matchOnEmail') },
            { value: 'employeeId', label: t('matchOn.employeeId') },
            ...uniqueFields.map((f) => ({ value: `cf.${f.key}`, label: t('upload.customField', { label: f.label }) })),
          ]}
          error={errors.matchOn}
          maw={420}
        />

        <Radio.Group label={t('upload.invitations')} value={invite} onChange={(v) => setInvite(v as ImportInvite)}>
          <Stack gap={6} mt={6}>
            <Radio value="none" label={t('upload.inviteNone')} />
            <Radio value="now" label={t('upload.inviteNow')} />
            <Radio value="scheduled" label={t('upload.inviteScheduled')} />
          </Stack>
        </Radio.Group>
        {invite === 'scheduled' && (
          <LocalDateTimeInput
            label={t('upload.inviteAt')}
            description={t('upload.localTime')}
            value={inviteAt}
            onChange={setInviteAt}
            error={errors.inviteAt}
            maw={320}
          />
        )}

        <Checkbox
          label={t('upload.createTeams')}
          description={t('upload.createTeamsHelp')}
          checked={createMissingTeams}
          onChange={(e) => setCreateMissingTeams(e.currentTarget.checked)}
        />

        <SubmitButton busy={busy}>{t('upload.submit')}</SubmitButton>
      </Stack>
    </form>
  );
}
