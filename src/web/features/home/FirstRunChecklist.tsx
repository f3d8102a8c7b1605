import { Anchor, List, Paper, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Summary } from './homeApi';

/** Each step's words are `checklist.steps.<key>.label` and `.action` in the `home` namespace. */
const STEPS: { key: keyof Summary['checklist']; to: string }[] = [
  { key: 'peopleAdded', to: '/imports/new' },
  { key: 'invited', to: '/?status=not_invited' },
  { key: 'signInSetUp', to: '/settings/sign-in' },
  { key: 'hrSyncConnected', to: '/settings/scim' },
  { key: 'teamsCreated', to: '/teams' },
];

/** The first-run checklist: shown until every step is done, then gone for good (each step reads what exists). */
export function FirstRunChecklist({ checklist }: { checklist: Summary['checklist'] }) {
  const { t } = useTranslation('home');
  const done = STEPS.filter((s) => checklist[s.key]).length;
  if (done === STEPS.length) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="checklist-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="checklist-heading">
          {t('checklist.title')}
        </Title>
        <Text size="sm">{t('checklist.progress', { done, count: STEPS.length })}</Text>
        <Progress value={(done / STEPS.length) * 100} aria-label={t('checklist.progressLabel')} />
        <List spacing="xs" aria-label={t('checklist.listLabel')}>
          {STEPS.map((s) => {
            const label = t(`checklist.steps.${s.key}.label`);
            return (
              <List.Item
                key={s.key}
                icon={
                  <ThemeIcon size={20} radius="xl" color={checklist[s.key] ? 'teal' : 'gray'} aria-hidden>
                    {checklist[s.key] ? '✓' : '·'}
                  </ThemeIcon>
                }
              >
                <Text span size="sm" td={checklist[s.key] ? 'line-through' : undefined}>
                  {checklist[s.key] ? t('checklist.stepDone', { step: label }) : label}
                </Text>
                {!checklist[s.key] && (
                  <>
                    {' — '}
                    <Anchor component={Link} to={s.to} size="sm">
                      {t(`checklist.steps.${s.key}.action`)}
                    </Anchor>
                  </>
                )}
              </List.Item>
            );
          })}
        </List>
      </Stack>
    </Paper>
  );
}
