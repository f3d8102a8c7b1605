import { useState } from 'react';
import { Button, Group, NativeSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { accessApi, ApiError, errorMessage, type Limit } from '../../common/api';

/** The profile's panels of rights given to a person (grants, permission profiles); only grants.manage changes them. */
export interface RightsPanelProps {
  userId: string;
  userName: string;
  canManage: boolean;
  isSelf: boolean;
}

/** The limit select's value for no limit: the whole organisation. */
const WHOLE_ORG = 'organisation';

/** A limit select's value (`team:<id>`, `group:<id>` or WHOLE_ORG) as the API's body fields. */
function limitOf(value: string): Limit {
  if (value.startsWith('team:')) return { teamId: value.slice(5) };
  if (value.startsWith('group:')) return { groupId: value.slice(6) };
  return {};
}

/**
 * The choices of a limit (the whole organisation, each team with its sub-teams, each dynamic group) and the words
 * for a grant's or an assignment's limit (docs/decisions/031-delegated-administration.md).
 */
export function useLimitChoices() {
  const { t } = useTranslation('profile');
  const teams = useQuery({
    queryKey: ['teams', 'for-grants'],
    queryFn: () => accessApi.teams(),
    retry: false,
    staleTime: 60_000,
  });
  const groups = useQuery({
    queryKey: ['groups', 'for-grants'],
    queryFn: () => accessApi.groups(),
    retry: false,
    staleTime: 60_000,
  });
  const teamName = new Map((teams.data?.items ?? []).map((team) => [team.id, team.name]));
  const groupName = new Map((groups.data?.items ?? []).map((g) => [g.id, g.name]));
  const data = [
    { value: WHOLE_ORG, label: t('grants.wholeOrganisation') },
    ...(teams.data?.items ?? []).map((team) => ({
      value: `team:${team.id}`,
      label: t('grants.team', { name: team.name }),
    })),
    ...(groups.data?.items ?? []).map((g) => ({ value: `group:${g.id}`, label: t('grants.group', { name: g.name }) })),
  ];
  const describe = (l: { teamId: string | null; groupId?: string | null }) =>
    l.teamId
      ? t('grants.team', { name: teamName.get(l.teamId) ?? l.teamId })
      : l.groupId
        ? t('grants.group', { name: groupName.get(l.groupId) ?? l.groupId })
        : t('grants.wholeOrganisation');
  return { data, describe };
}

/**
 * The form that gives a person something within a limit — a permission (the grants panel) or a permission profile
 * (the profiles panel): what to give, its limit, and the button. `give` calls the API; a refusal's message shows
 * under the first select and the choices stay, a success clears them.
 */
export function LimitedGrantForm({
  formLabel,
  what,
  limits,
  submitLabel,
  give,
}: {
  formLabel: string;
  what: { label: string; placeholder: string; choices: { value: string; label: string }[]; chooseFirst: string };
  limits: ReturnType<typeof useLimitChoices>;
  submitLabel: string;
  give: (choice: string, limit: Limit) => Promise<void>;
}) {
  const { t } = useTranslation('profile');
  const [choice, setChoice] = useState('');
  const [limit, setLimit] = useState(WHOLE_ORG);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!choice) {
      setError(what.chooseFirst);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await give(choice, limitOf(limit));
      setChoice('');
      setLimit(WHOLE_ORG);
    } catch (err) {
      setError(err instanceof ApiError ? (Object.values(err.fieldErrors)[0] ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={formLabel}>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <NativeSelect
          label={what.label}
          data={[{ value: '', label: what.placeholder }, ...what.choices]}
          value={choice}
          onChange={(e) => {
            setChoice(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          style={{ flex: '1 1 240px' }}
        />
        <NativeSelect
          label={t('grants.scope')}
          data={limits.data}
          value={limit}
          onChange={(e) => setLimit(e.currentTarget.value || WHOLE_ORG)}
          style={{ flex: '1 1 200px' }}
        />
        <Button type="submit" loading={busy} mt={25}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}
