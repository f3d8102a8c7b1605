import { Anchor, List, Paper, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Summary } from './homeApi';

const STEPS: { key: keyof Summary['checklist']; label: string; to: string; action: string }[] = [
  { key: 'peopleAdded', label: 'Add people or import them', to: '/imports/new', action: 'Import people' },
  { key: 'invited', label: 'Invite them', to: '/?status=not_invited', action: 'People not invited yet' },
  { key: 'signInSetUp', label: 'Set up single sign-on', to: '/settings/sign-in', action: 'Sign-in settings' },
  { key: 'hrSyncConnected', label: 'Connect HR sync (SCIM)', to: '/settings/scim', action: 'HR sync settings' },
  { key: 'teamsCreated', label: 'Create teams', to: '/teams', action: 'Teams' },
];

/** The first-run checklist: shown until every step is done, then gone for good (each step reads what exists). */
export function FirstRunChecklist({ checklist }: { checklist: Summary['checklist'] }) {
  const done = STEPS.filter((s) => checklist[s.key]).length;
  if (done === STEPS.length) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="checklist-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="checklist-heading">
          Get started
        </Title>
        <Text size="sm">
          {done} of {STEPS.length} steps done
        </Text>
        <Progress value={(done / STEPS.length) * 100} aria-label="Steps done" />
        <List spacing="xs" aria-label="First steps">
          {STEPS.map((s) => (
            <List.Item
              key={s.key}
              icon={
                <ThemeIcon size={20} radius="xl" color={checklist[s.key] ? 'teal' : 'gray'} aria-hidden>
                  {checklist[s.key] ? '✓' : '·'}
                </ThemeIcon>
              }
            >
              <Text span size="sm" td={checklist[s.key] ? 'line-through' : undefined}>
                {s.label}
                {checklist[s.key] ? ' (done)' : ''}
              </Text>
              {!checklist[s.key] && (
                <>
                  {' — '}
                  <Anchor component={Link} to={s.to} size="sm">
                    {s.action}
                  </Anchor>
                </>
              )}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}
