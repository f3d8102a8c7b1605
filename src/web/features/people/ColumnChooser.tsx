import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionIcon, Button, Checkbox, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import type { CustomField } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { BUILT_IN_COLUMNS, REQUIRED_COLUMNS } from '../../../common/peopleColumns';
import { columnLabel } from './peopleCells';

/** Every column one may choose: the built-in ones, then the custom fields filterable or visible in the directory. */
export function availableColumns(fields: CustomField[]): string[] {
  return [...BUILT_IN_COLUMNS, ...fields.filter((f) => f.filterable || f.visibleInDirectory).map((f) => `cf.${f.key}`)];
}

/**
 * "Columns": tick the columns to show and order them with the arrows (keyboard-reachable buttons); the
 * chosen ones come first, in their order. Saving keeps them for this person on the server.
 */
export function ColumnChooser({
  columns,
  fields,
  onSave,
}: {
  columns: string[];
  fields: CustomField[];
  onSave: (columns: string[]) => Promise<unknown>;
}) {
  const { t } = useTranslation('people');
  const [opened, setOpened] = useState(false);
  const [chosen, setChosen] = useState<string[]>(columns);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const all = availableColumns(fields);
  const rest = all.filter((c) => !chosen.includes(c));

  useEffect(() => {
    if (opened) {
      setChosen(columns);
      setError(null);
    }
  }, [opened, columns]);

  function move(key: string, by: number) {
    setChosen((cur) => {
      const i = cur.indexOf(key);
      const j = i + by;
      if (i < 0 || j < 0 || j >= cur.length) return cur;
      const next = [...cur];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  }

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await onSave(chosen);
      setOpened(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        {t('columns.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('columns.title')}>
        <Stack gap="xs">
          <Text size="sm" c="dark.6">
            {t('columns.help')}
          </Text>
          {error ? <ErrorAlert error={error} title={t('columns.saveFailed')} /> : null}
          <ScrollArea.Autosize mah={420}>
            <Stack gap={4}>
              {[...chosen, ...rest].map((key) => {
                const label = columnLabel(t, key, byKey);
                const on = chosen.includes(key);
                const i = chosen.indexOf(key);
                return (
                  <Group key={key} justify="space-between" wrap="nowrap">
                    <Checkbox
                      label={label}
                      checked={on}
                      disabled={REQUIRED_COLUMNS.includes(key)}
                      onChange={(e) => {
                        const checked = e.currentTarget.checked;
                        setChosen((cur) => (checked ? [...cur, key] : cur.filter((c) => c !== key)));
                      }}
                    />
                    {on && (
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('columns.moveUp', { column: label })}
                          disabled={i === 0}
                          onClick={() => move(key, -1)}
                        >
                          <span aria-hidden="true">↑</span>
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('columns.moveDown', { column: label })}
                          disabled={i === chosen.length - 1}
                          onClick={() => move(key, 1)}
                        >
                          <span aria-hidden="true">↓</span>
                        </ActionIcon>
                      </Group>
                    )}
                  </Group>
                );
              })}
            </Stack>
          </ScrollArea.Autosize>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('columns.cancel')}
            </Button>
            <Button onClick={save} loading={busy}>
              {t('columns.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
