import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Paper, Stack, Switch, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { api, type User } from '../../common/api';
import { FailureAlert } from '../../common/components/ErrorAlert';
import { SectionHeading } from '../../common/components/SectionHeading';
import { useSubmit } from '../../common/form/useSubmit';

/**
 * My profile: leave the colleague directory or come back (PATCH /me hiddenFromDirectory). Administrators still
 * see the person in the People list; only the directory's search leaves them out.
 */
export function DirectoryVisibility({ me }: { me: Pick<User, 'hiddenFromDirectory'> }) {
  const { t } = useTranslation('directory');
  const qc = useQueryClient();
  const { busy, error, run } = useSubmit();
  const [saved, setSaved] = useState(false);

  async function toggle(hidden: boolean) {
    setSaved(false);
    const done = await run(async () => {
      qc.setQueryData(['me'], await api.updateMe({ hiddenFromDirectory: hidden }));
      await qc.invalidateQueries({ queryKey: ['directory'] });
    });
    setSaved(done);
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="directory-visibility-heading">
      <Stack gap="xs">
        <SectionHeading id="directory-visibility-heading" title={t('hideSelf.title')} />
        <Switch
          label={t('hideSelf.label')}
          description={t('hideSelf.description')}
          checked={me.hiddenFromDirectory}
          onChange={(e) => void toggle(e.currentTarget.checked)}
          disabled={busy}
        />
        <Text size="sm" c="green.9" aria-live="polite">
          {saved ? t('hideSelf.saved') : ''}
        </Text>
        {error && <FailureAlert title={t('hideSelf.failed')}>{error}</FailureAlert>}
      </Stack>
    </Paper>
  );
}
