import { useState } from 'react';
import { Button, Group, Loader, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { accessApi, ApiError, errorMessage } from '../../common/api';
import { formatDateTime } from '../../common/lib/format';
import { ErrorAlert } from '../../common/components/ErrorAlert';

const MAX_NOTE = 10_000;

/** Notes on a profile: by Owners, Admins, HR and the person's managers; never shown to the person. */
export function NotesPanel({ userId, canWrite = true }: { userId: string; canWrite?: boolean }) {
  const qc = useQueryClient();
  const key = ['user', userId, 'notes'];
  const q = useQuery({ queryKey: key, queryFn: () => accessApi.notes(userId) });
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const text = body.trim();
    if (!text) {
      setError('Write something before adding the note.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await accessApi.addNote(userId, text);
      setBody('');
      await qc.invalidateQueries({ queryKey: key });
      notifications.show({ message: 'Note added.', color: 'green' });
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors.body ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="notes-heading">
      <Stack>
        <Stack gap={2}>
          <Title order={2} size="h3" id="notes-heading">
            Notes
          </Title>
          <Text size="sm" c="dark.7">
            Visible to administrators, HR and this person’s managers — never to the person themselves.
          </Text>
        </Stack>

        {canWrite && (
          <form onSubmit={submit} noValidate>
            <Stack gap="xs">
              <Textarea
                label="New note"
                value={body}
                onChange={(e) => {
                  setBody(e.currentTarget.value);
                  if (error) setError(null);
                }}
                autosize
                minRows={3}
                maxRows={10}
                maxLength={MAX_NOTE}
                error={error}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={busy}>
                  Add note
                </Button>
              </Group>
            </Stack>
          </form>
        )}

        {q.isPending ? (
          <Loader size="sm" aria-label="Loading notes" />
        ) : q.error ? (
          <ErrorAlert error={q.error} title="Could not load the notes" />
        ) : q.data.items.length === 0 ? (
          <Text size="sm">No notes yet</Text>
        ) : (
          <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Notes">
            {q.data.items.map((n) => (
              <Paper key={n.id} component="li" withBorder p="sm" bg="gray.0">
                <Group gap="xs" justify="space-between" mb={4}>
                  <Text size="sm" fw={600} c="dark.9">
                    {n.author?.name || (n.author ? 'Unknown author' : 'Removed user')}
                  </Text>
                  <Text size="xs" c="dark.7" component="time" dateTime={n.createdAt}>
                    {formatDateTime(n.createdAt)}
                  </Text>
                </Group>
                <Text size="sm" c="dark.9" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {n.body}
                </Text>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
