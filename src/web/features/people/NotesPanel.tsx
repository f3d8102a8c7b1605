import { useState } from 'react';
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { accessApi } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { NoteBodyInput, NoteItem, useNoteSubmit } from './NoteItem';
import { ProfileSection } from './ProfileSection';

/** Notes on a profile: by Owners, Admins, HR and the person's managers; never shown to the person. */
export function NotesPanel({ userId, canWrite = true }: { userId: string; canWrite?: boolean }) {
  const { t } = useTranslation('profile');
  const qc = useQueryClient();
  const key = ['user', userId, 'notes'];
  const q = useQuery({ queryKey: key, queryFn: () => accessApi.notes(userId) });
  const [body, setBody] = useState('');
  const sending = useNoteSubmit(t('notes.writeFirst'), t('notes.added'));
  const refresh = () => qc.invalidateQueries({ queryKey: key });

  async function add(text: string) {
    await accessApi.addNote(userId, text);
    setBody('');
    await refresh();
  }

  return (
    <ProfileSection id="notes-heading" title={t('notes.title')} intro={t('notes.visibility')}>
      {canWrite && (
        <form onSubmit={sending.submit(body, add)} noValidate>
          <Stack gap="xs">
            <NoteBodyInput label={t('notes.newNote')} value={body} onChange={setBody} sending={sending} />
            <Group justify="flex-end">
              <Button type="submit" loading={sending.busy}>
                {t('notes.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      {q.isPending ? (
        <Loader size="sm" aria-label={t('notes.loading')} />
      ) : q.error ? (
        <ErrorAlert error={q.error} title={t('notes.loadFailed')} />
      ) : q.data.items.length === 0 ? (
        <Text size="sm">{t('notes.empty')}</Text>
      ) : (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('notes.title')}>
          {q.data.items.map((n) => (
            <NoteItem key={n.id} userId={userId} note={n} onChanged={refresh} />
          ))}
        </Stack>
      )}
    </ProfileSection>
  );
}
