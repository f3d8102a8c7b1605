import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fullName } from '../lib/format';

/** A person's name in a list of people: a link to their page, then "(on a break)" when they are taking one. */
export function ListedPersonName({
  person,
}: {
  person: { id: string; onBreak?: boolean | null } & Parameters<typeof fullName>[0];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Anchor component={Link} to={`/people/${encodeURIComponent(person.id)}`} fw={500}>
        {fullName(person)}
      </Anchor>
      {person.onBreak && (
        <Text span size="xs" c="dark.6" ml={6}>
          {t('common:onBreakNote')}
        </Text>
      )}
    </>
  );
}
