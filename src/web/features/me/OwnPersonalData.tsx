import { useState } from 'react';
import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { api, errorMessage } from '../../common/api';
import { formatDateTime } from '../../common/lib/format';

/** My profile: a copy of one's own personal data, sent as a link to one's email address (once a day). */
export function OwnPersonalData({ email }: { email: string | null }) {
  const [busy, setBusy] = useState(false);
  const [sentUntil, setSentUntil] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function ask() {
    setBusy(true);
    setError(null);
    try {
      setSentUntil((await api.requestOwnPersonalData()).expiresAt);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack component="section" aria-labelledby="own-data-heading" gap="sm">
      <Title order={2} size="h3" id="own-data-heading">
        My personal data
      </Title>
      <Text size="sm">
        Get a copy of everything this organisation holds about you. We email a download link to {email ?? 'you'}; it
        works once, for 24 hours. You can ask once a day.
      </Text>
      {sentUntil && (
        <Alert color="green" title="Link sent">
          Check your mailbox: the link works until {formatDateTime(sentUntil)}.
        </Alert>
      )}
      {error && <Alert color="red">{error}</Alert>}
      <div>
        <Button variant="default" loading={busy} disabled={!email || Boolean(sentUntil)} onClick={() => void ask()}>
          Email me my data
        </Button>
      </div>
    </Stack>
  );
}
