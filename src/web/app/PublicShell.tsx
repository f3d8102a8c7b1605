import type { ReactNode } from 'react';
import { Box, Group, Paper, Stack, Text } from '@mantine/core';
import { chooseLanguage } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** Centered card layout for pages without a session (sign-in, invitation), with a language switch. */
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
        <Group justify="center">
          <LanguageSwitch onChange={chooseLanguage} />
        </Group>
      </Stack>
    </Box>
  );
}
