import { useState } from 'react';
import { Badge, Button, Group, List, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { accessApi, api, type AccessExplanation, type AccessReason } from '../../common/api';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { roleLabel } from '../../common/lib/format';
import { permissionLabel } from './GrantsPanel';

/** One reason in words (the server's reasons: modules/access/scope.ts). */
function reasonText(t: TFunction<'profile'>, r: AccessReason): string {
  switch (r.kind) {
    case 'self':
      return t('access.reason.self');
    case 'system':
      return t('access.reason.system');
    case 'role':
      return t('access.reason.role', { role: roleLabel(r.role) });
    case 'grant':
      return r.teamId === null
        ? t('access.reason.grant', { permission: permissionLabel(r.permission) })
        : t('access.reason.teamGrant', {
            permission: permissionLabel(r.permission),
            team: r.teamName,
            via: r.viaTeam,
          });
    case 'reporting_line':
      return t('access.reason.reportingLine');
    case 'team_manager':
      return t('access.reason.teamManager', { team: r.teamName });
  }
}

/**
 * "Who can see this person and why", and "Can A see / edit B?" (docs/decisions/004-access-policy.md
 * "Explainer"). Every answer comes from the server's policy; nothing is decided here.
 */
export function AccessPanel({ userId, userName }: { userId: string; userName: string }) {
  const { t } = useTranslation('profile');
  const who = useQuery({ queryKey: ['user', userId, 'access'], queryFn: () => accessApi.whoCanSee(userId) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="access-heading">
      <Stack>
        <Title order={2} size="h3" id="access-heading">
          {t('access.title', { name: userName })}
        </Title>
        {who.isPending && <Loader size="sm" aria-label={t('access.loading')} />}
        {who.error && <ErrorAlert error={who.error} title={t('access.loadFailed')} />}
        {who.data && who.data.items.length === 0 && <Text c="dimmed">{t('access.empty')}</Text>}
        {who.data && who.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={500}>
            <Table striped aria-label={t('access.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('access.person')}</Table.Th>
                  <Table.Th>{t('access.canEdit')}</Table.Th>
                  <Table.Th>{t('access.why')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {who.data.items.map((i) => (
                  <Table.Tr key={i.person.id}>
                    <Table.Td>
                      {i.person.name} <Badge variant="light">{roleLabel(i.person.role)}</Badge>
                    </Table.Td>
                    <Table.Td>{i.canEdit ? t('access.yes') : t('access.no')}</Table.Td>
                    <Table.Td>{i.reasons.map((r) => reasonText(t, r)).join('; ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {who.data?.truncated && <Text size="sm">{t('access.truncated', { count: who.data.items.length })}</Text>}
        <CanSeeCheck targetId={userId} targetName={userName} />
      </Stack>
    </Paper>
  );
}

/** "Can A see / edit this person?" for any A. */
function CanSeeCheck({ targetId, targetName }: { targetId: string; targetName: string }) {
  const { t } = useTranslation('profile');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [actorId, setActorId] = useState<string | null>(null);
  const [answer, setAnswer] = useState<AccessExplanation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const people = useQuery({
    queryKey: ['explain-search', debounced],
    queryFn: () => api.listUsers({ q: debounced, sort: 'name' }, null, 20),
    staleTime: 30_000,
  });
  async function check() {
    if (!actorId) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await accessApi.explain(actorId, targetId));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('access.checkTitle', { name: targetName })}
      </Title>
      <Group align="end">
        <Select
          label={t('access.person')}
          placeholder={t('access.searchPlaceholder')}
          searchable
          clearable
          searchValue={search}
          onSearchChange={setSearch}
          data={(people.data?.items ?? []).map((u) => ({
            value: u.id,
            label: `${u.firstName} ${u.lastName}`.trim() || (u.email ?? u.id),
          }))}
          value={actorId}
          onChange={(v) => {
            setActorId(v);
            setAnswer(null);
          }}
          nothingFoundMessage={t('access.nobodyFound')}
          filter={({ options }) => options}
          w={320}
        />
        <Button onClick={() => void check()} disabled={!actorId} loading={busy}>
          {t('access.explain')}
        </Button>
      </Group>
      {Boolean(error) && <ErrorAlert error={error} title={t('access.explainFailed')} />}
      {answer && (
        <List aria-label={t('access.explanation')}>
          <List.Item>
            <b>{answer.see.allowed ? t('access.canSee') : t('access.cannotSee')}</b> {targetName}: {answer.see.rule}
          </List.Item>
          <List.Item>
            <b>{answer.edit.allowed ? t('access.canEdit') : t('access.cannotEdit')}</b>: {answer.edit.rule}
          </List.Item>
        </List>
      )}
    </Stack>
  );
}
