import { Group, Paper } from '@mantine/core';

/** A list's filters in a framed row above it, wrapping onto more rows when narrow; inputs line up on their boxes. */
export function FilterBar({ children }: { children: React.ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Group align="flex-end" gap="sm" wrap="wrap">
        {children}
      </Group>
    </Paper>
  );
}
