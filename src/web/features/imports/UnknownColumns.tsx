import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { importsApi, type Import } from './importsApi';
import { ErrorAlert } from '../../common/components/ErrorAlert';

/**
 * The file's unknown columns: never read, and the commit waits until each is ignored. The choice is stored
 * with the import (PUT /imports/{id}/ignored-columns), so it survives a reload and is audited.
 */
export function UnknownColumns({ imp, onChanged }: { imp: Import; onChanged: (imp: Import) => void }) {
  const { t } = useTranslation('imports');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (imp.unknownColumns.length === 0) return null;
  const ignored = new Set(imp.ignoredColumns);
  const open = imp.unknownColumns.filter((c) => !ignored.has(c)).length;
  const toggle = async (column: string, ignore: boolean) => {
    setBusy(column);
    setError(null);
    try {
      const next = ignore ? [...imp.ignoredColumns, column] : imp.ignoredColumns.filter((c) => c !== column);
      onChanged(await importsApi.ignoreColumns(imp.id, next));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Alert
      color="yellow"
      variant="light"
      title={t('unknown.title', { count: imp.unknownColumns.length })}
      styles={{ message: { color: '#212529' }, title: { color: '#7a4b00' } }}
      data-testid="unknown-columns"
    >
      <Stack gap="xs">
        <Text size="sm">{t('unknown.help')}</Text>
        {imp.unknownColumns.map((c) => {
          // An open column offers Ignore; an ignored one says so and offers Undo.
          const ignore = !ignored.has(c);
          return (
            <Group key={c} gap="sm" wrap="wrap">
              <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
                “{c}”
              </Text>
              {!ignore && <Text size="sm">{t('unknown.ignored')}</Text>}
              <Button
                size="compact-sm"
                variant={ignore ? 'default' : 'subtle'}
                loading={busy === c}
                onClick={() => void toggle(c, ignore)}
                aria-label={t(ignore ? 'unknown.ignoreNamed' : 'unknown.undoNamed', { column: c })}
              >
                {t(ignore ? 'unknown.ignore' : 'unknown.undo')}
              </Button>
            </Group>
          );
        })}
        {open > 0 && <Text size="sm">{t('unknown.commitWaits', { count: open })}</Text>}
        {error ? <ErrorAlert error={error} title={t('unknown.failed')} /> : null}
      </Stack>
    </Alert>
  );
}
