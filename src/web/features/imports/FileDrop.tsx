import { useId, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Box, Button, Group, Text } from '@mantine/core';

interface Props {
  file: File | null;
  onChange: (file: File | null) => void;
  error?: string;
}

/**
 * A real <input type="file"> (keyboard and screen readers use it as usual) inside a zone that
 * also accepts a dropped file. No dropzone package: the native input does the hard part.
 */
export function FileDrop({ file, onChange, error }: Props) {
  const { t } = useTranslation('imports');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const errorId = `${id}-error`;
  return (
    <Box>
      <Text component="label" htmlFor={id} fw={500} size="sm" display="block" mb={4}>
        {t('file.label')}
      </Text>
      <Box
        data-testid="file-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const dropped = e.dataTransfer.files[0];
          if (dropped) onChange(dropped);
        }}
        p="lg"
        style={{
          border: `2px dashed ${error ? '#c92a2a' : over ? '#1c7ed6' : '#adb5bd'}`,
          borderRadius: 8,
          background: over ? '#e7f5ff' : '#f8f9fa',
        }}
      >
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" c="dark.7">
            {file ? (
              <Trans
                t={t}
                i18nKey="file.selected"
                values={{ name: file.name, size: Math.max(1, Math.round(file.size / 1024)) }}
                components={{ strong: <strong /> }}
              />
            ) : (
              t('file.drop')
            )}
          </Text>
          <Group gap="xs">
            <input
              ref={input}
              id={id}
              type="file"
              accept=".csv,text/csv"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => onChange(e.currentTarget.files?.[0] ?? null)}
              style={{ fontSize: 14 }}
            />
            {file && (
              <Button
                variant="subtle"
                size="xs"
                onClick={() => {
                  onChange(null);
                  if (input.current) input.current.value = '';
                }}
              >
                {t('file.remove')}
              </Button>
            )}
          </Group>
        </Group>
      </Box>
      {error && (
        <Text id={errorId} c="red.9" size="sm" mt={4}>
          {error}
        </Text>
      )}
    </Box>
  );
}
