import type { ReactNode } from 'react';
import { Box, Paper, Stack, Text } from '@mantine/core';

/** Centered card layout for pages without a session (sign-in, invitation). */
export function PublicShell({ children, wide }: { children: ReactNode; wide?: boolean }) {
  return (
    <Box component="main" mih="100vh" bg="gray.0" py={64} px="md">
      <Stack maw={wide ? 640 : 420} mx="auto" gap="md">
        <Text fw={700} size="xl" ta="center" c="dark.9" aria-hidden="true">
          Roster
        </Text>
        <Paper withBorder shadow="sm" p="xl" radius="md" bg="white">
          {children}
        </Paper>
      </Stack>
    </Box>
  );
}
