import { useState } from 'react';
import { Button, Group, Paper, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { accessApi, type Note } from '../../common/api';
import { useConfirmation } from '../../common/components/useItemConfirmation';
import { formatDateTime } from '../../common/lib/format';
import { useSubmit } from '../../common/form/useSubmit';

const MAX_NOTE = 10_000;

/**
 * A note's text box, for a new note and for an edit: shows the error of `sending` (its useNoteSubmit) and clears it
 * as soon as the text changes.
 */
export function NoteBodyInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  sending: Pick<NoteSubmit, 'error' | 'clearError'>;
  autoFocus?: boolean;
}) {
  const { error, clearError } = props.sending;
  return (
    <Textarea
      label={props.label}
      value={props.value}
      onChange={(e) => {
        props.onChange(e.currentTarget.value);
        if (error) clearError();
      }}
      autosize
      minRows={3}
      maxRows={10}
      maxLength={MAX_NOTE}
      error={error}
      data-autofocus={props.autoFocus || undefined}
      autoFocus={props.autoFocus}
    />
  );
}

/**
 * Sends a note's text, new or edited: a blank one is refused with `blank`, and `success` is shown once it is
 * saved. The error under the text box is the server's word on the text, or else its message.
 */
export function useNoteSubmit(blank: string, success: string) {
  const { busy, error, fieldErrors, onSubmit, reset } = useSubmit();
  return {
    busy,
    error: fieldErrors.body ?? error,
    clearError: reset,
    submit: (draft: string, send: (text: string) => Promise<unknown>) =>
      onSubmit(() => send(draft.trim()), { check: draft.trim() ? {} : { body: blank }, success }),
  };
}

type NoteSubmit = ReturnType<typeof useNoteSubmit>;

/**
 * One note: its author, when it was written (and last edited), its text. Its author, an Admin or an Owner
 * (the server says so in `canChange`) edits it in place or deletes it after a confirmation; the audit log keeps
 * every earlier text.
 */
export function NoteItem({ userId, note, onChanged }: { userId: string; note: Note; onChanged: () => Promise<void> }) {
  const { t } = useTranslation('profile');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const sending = useNoteSubmit(t('notes.writeFirstEdit'), t('notes.saved'));
  const deleting = useConfirmation(() => ({
    title: t('notes.deleteTitle'),
    confirmLabel: t('notes.deleteConfirm'),
    danger: true,
    onConfirm: async () => {
      await accessApi.deleteNote(userId, note.id);
      await onChanged();
      notifications.show({ message: t('notes.deleted'), color: 'green' });
    },
    children: <Text>{t('notes.deleteBody')}</Text>,
  }));
  const author = note.author?.name || (note.author ? t('notes.unknownAuthor') : t('notes.removedUser'));

  function startEditing() {
    setDraft(note.body);
    sending.clearError();
    setEditing(true);
  }

  async function save(text: string) {
    await accessApi.updateNote(userId, note.id, text);
    await onChanged();
    setEditing(false);
  }

  return (
    <Paper component="li" withBorder p="sm" bg="gray.0">
      <Group gap="xs" justify="space-between" mb={4}>
        <Text size="sm" fw={600} c="dark.9">
          {author}
        </Text>
        <Group gap={6}>
          <Text size="xs" c="dark.7" component="time" dateTime={note.createdAt}>
            {formatDateTime(note.createdAt)}
          </Text>
          {note.editedAt && (
            <Text size="xs" c="dark.7" title={t('notes.editedAt', { date: formatDateTime(note.editedAt) })}>
              {t('notes.edited')}
            </Text>
          )}
        </Group>
      </Group>
      {editing ? (
        <form
          onSubmit={sending.submit(draft, save)}
          noValidate
          onKeyDown={(e) => {
            if (e.key === 'Escape') setEditing(false);
          }}
        >
          <NoteBodyInput label={t('notes.editLabel')} value={draft} onChange={setDraft} sending={sending} autoFocus />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" size="xs" onClick={() => setEditing(false)} disabled={sending.busy}>
              {t('notes.cancel')}
            </Button>
            <Button type="submit" size="xs" loading={sending.busy}>
              {t('notes.save')}
            </Button>
          </Group>
        </form>
      ) : (
        <>
          <Text size="sm" c="dark.9" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {note.body}
          </Text>
          {note.canChange && (
            <Group justify="flex-end" gap="xs" mt="xs">
              <Button variant="default" size="compact-xs" onClick={startEditing}>
                {t('notes.edit')}
              </Button>
              <Button variant="outline" color="red" size="compact-xs" onClick={deleting.ask}>
                {t('notes.delete')}
              </Button>
            </Group>
          )}
        </>
      )}
      {deleting.modal}
    </Paper>
  );
}
