import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { fullName } from '../../common/lib/format';
import { QueryState } from '../../common/components/QueryState';
import { PersonLink } from '../../common/components/UserRef';
import { relationsApi, type RelatedPerson } from './relationsApi';
import { SectionHeading } from '../../common/components/SectionHeading';

const personOf = (p: RelatedPerson) => ({ id: p.id, name: fullName(p) });

/** A part of the panel: its heading, then `none` when it lists nothing, else the list, named by the heading. */
function NamedList<T>({
  title,
  none,
  items,
  children,
}: {
  title: string;
  none: string;
  items: T[];
  children: (item: T) => React.ReactNode;
}) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {items.length === 0 ? <Text c="dimmed">{none}</Text> : <List aria-label={title}>{items.map(children)}</List>}
    </Stack>
  );
}

/**
 * A person's place in the organisation on their profile: the managers above them up to the top, their direct
 * reports (the first few, and the People list filtered to all of them), their teams and groups. The server
 * names only people the reader may see (GET /users/{id}/relations).
 */
export function RelationsPanel({ userId }: { userId: string }) {
  const { t } = useTranslation('people');
  const q = useQuery({ queryKey: ['user', userId, 'relations'], queryFn: () => relationsApi.relations(userId) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="relations-heading">
      <Stack>
        <SectionHeading id="relations-heading" title={t('relations.title')} />
        <QueryState query={q} loading={t('relations.loading')} errorTitle={t('relations.loadFailed')}>
          {(r) => (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Stack gap={4}>
                <Title order={3} size="h5">
                  {t('relations.managers')}
                </Title>
                {r.managerChain.length === 0 && !r.managerChainCut && (
                  <Text c="dimmed">{t('relations.noManager')}</Text>
                )}
                {r.managerChain.length > 0 && (
                  <List type="ordered" aria-label={t('relations.managers')}>
                    {r.managerChain.map((m) => (
                      <List.Item key={m.id}>
                        <PersonLink person={personOf(m)} />{' '}
                        {m.jobTitle && (
                          <Text span c="dimmed">
                            — {m.jobTitle}
                          </Text>
                        )}
                      </List.Item>
                    ))}
                  </List>
                )}
                {r.managerChainCut && (
                  <Text size="sm" c="dimmed">
                    {t('relations.chainCut')}
                  </Text>
                )}
              </Stack>
              <Stack gap={4}>
                <Title order={3} size="h5">
                  {t('relations.reports', { count: r.directReports.total })}
                </Title>
                {r.directReports.total === 0 ? (
                  <Text c="dimmed">{t('relations.noReports')}</Text>
                ) : (
                  <>
                    <List aria-label={t('relations.reportsList')}>
                      {r.directReports.items.map((p) => (
                        <List.Item key={p.id}>
                          <PersonLink person={personOf(p)} />
                        </List.Item>
                      ))}
                    </List>
                    <Anchor component={Link} to={`/?managerId=${encodeURIComponent(userId)}`} size="sm">
                      {t('relations.allReports', { count: r.directReports.total })}
                    </Anchor>
                  </>
                )}
              </Stack>
              <NamedList title={t('relations.teams')} none={t('relations.noTeams')} items={r.teams}>
                {(team) => (
                  <List.Item key={team.id}>
                    <Group gap="xs">
                      <Text span>{team.name}</Text>
                      {team.manages && (
                        <Badge size="sm" variant="light" color="indigo">
                          {t('relations.managesTeam')}
                        </Badge>
                      )}
                      {team.manages && !team.member && (
                        <Text span size="sm" c="dimmed">
                          {t('relations.notMember')}
                        </Text>
                      )}
                    </Group>
                  </List.Item>
                )}
              </NamedList>
              {r.groups && (
                <NamedList title={t('relations.groups')} none={t('relations.noGroups')} items={r.groups}>
                  {(g) => <List.Item key={g.id}>{g.name}</List.Item>}
                </NamedList>
              )}
            </SimpleGrid>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}
