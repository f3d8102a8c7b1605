import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, Text } from '@mantine/core';
import type { Import } from './importsApi';
import { formatNumber } from '../../common/lib/format';

/**
 * Commit and Cancel with the counts, stuck to the bottom of the screen while a long preview scrolls
 * (position: sticky inside the preview, so it rests in place once the end of the preview is reached).
 */
export function CommitBar({
  imp,
  blocked,
  onCommit,
  onCancel,
}: {
  imp: Import;
  /** Why the commit is not possible yet, or null. */
  blocked: string | null;
  onCommit: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('imports');
  return (
    <Paper
      withBorder
      shadow="sm"
      p="sm"
      role="region"
      aria-label={t('bar.label')}
      data-testid="commit-bar"
      style={{ position: 'sticky', bottom: 0, zIndex: 5 }}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" fw={600} c="dark.8">
          {t('bar.counts', {
            create: formatNumber(imp.counts.create),
            update: formatNumber(imp.counts.update),
            error: formatNumber(imp.counts.error),
          })}
        </Text>
        <Group gap="sm" wrap="wrap">
          {blocked && (
            <Text size="sm" c="dark.7">
              {blocked}
            </Text>
          )}
          <Button onClick={onCommit} disabled={blocked !== null}>
            {t('preview.commit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('preview.cancel')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
