import { useState } from 'react';
import { Button, Group, Paper, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { accessApi, ApiError, errorMessage, type Note } from '../../common/api';
import { ConfirmModal } from '../../common/components/ConfirmModal';
import { formatDateTime } from '../../common/lib/format';

const MAX_NOTE = 10_000;

/** A note's text box, for a new note and for an edit: clears its error as soon as the text changes. */
export function NoteBodyInput(props: {
  label: string;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
  clearError: () => void;
  autoFocus?: boolean;
}) {
  return (
    <Textarea
      label={props.label}
      value={props.value}
      onChange={(e) => {
        props.onChange(e.currentTarget.value);
        if (props.error) props.clearError();
      }}
      autosize
      minRows={3}
      maxRows={10}
      maxLength={MAX_NOTE}
      error={props.error}
      data-autofocus={props.autoFocus || undefined}
      autoFocus={props.autoFocus}
    />
  );
}

/**
 * One note: its author, when it was written (and last edited), its text. Its author, an Admin or an Owner
 * (the server says so in `canChange`) edits it in place or deletes it after a confirmation; the audit log keeps
 * every earlier text.
 */
export function NoteItem({ userId, note, onChanged }: { userId: string; note: Note; onChanged: () => Promise<void> }) {
  const { t } = useTranslation('profile');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.body);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const author = note.author?.name || (note.author ? t('notes.unknownAuthor') : t('notes.removedUser'));

  function startEditing() {
    setDraft(note.body);
    setError(null);
    setEditing(true);
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const text = draft.trim();
    if (!text) {
      setError(t('notes.writeFirstEdit'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await accessApi.updateNote(userId, note.id, text);
      await onChanged();
      setEditing(false);
      notifications.show({ message: t('notes.saved'), color: 'green' });
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors.body ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
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
          onSubmit={save}
          noValidate
          onKeyDown={(e) => {
            if (e.key === 'Escape') setEditing(false);
          }}
        >
          <NoteBodyInput
            label={t('notes.editLabel')}
            value={draft}
            error={error}
            onChange={setDraft}
            clearError={() => setError(null)}
            autoFocus
          />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" size="xs" onClick={() => setEditing(false)} disabled={busy}>
              {t('notes.cancel')}
            </Button>
            <Button type="submit" size="xs" loading={busy}>
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
              <Button variant="outline" color="red" size="compact-xs" onClick={() => setConfirmDelete(true)}>
                {t('notes.delete')}
              </Button>
            </Group>
          )}
        </>
      )}
      <ConfirmModal
        opened={confirmDelete}
        title={t('notes.deleteTitle')}
        confirmLabel={t('notes.deleteConfirm')}
        danger
        onClose={() => setConfirmDelete(false)}
        onConfirm={async () => {
          await accessApi.deleteNote(userId, note.id);
          await onChanged();
          notifications.show({ message: t('notes.deleted'), color: 'green' });
        }}
      >
        <Text>{t('notes.deleteBody')}</Text>
      </ConfirmModal>
    </Paper>
  );
}
