import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { fullName } from '../lib/format';

/** Shows a person's name for an id (actor, manager…), linking to their page when visible. */
export function UserRef({ id, fallback }: { id: string | null | undefined; fallback?: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['user', id],
    queryFn: () => api.getUser(id!),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (!id) return <Text span>{fallback ?? t('common:system')}</Text>;
  if (q.data) {
    return (
      <Anchor component={Link} to={`/people/${encodeURIComponent(id)}`}>
        {fullName(q.data)}
      </Anchor>
    );
  }
  return (
    <Text span ff="monospace" size="sm" title={id}>
      {id.length > 12 ? `${id.slice(0, 8)}…` : id}
    </Text>
  );
}

/** A link to a person's page when their name is already at hand (lists and reports: no request per row). */
export function PersonLink({ person }: { person: { id: string; name: string } }) {
  return (
    <Anchor component={Link} to={`/people/${encodeURIComponent(person.id)}`}>
      {person.name}
    </Anchor>
  );
}
