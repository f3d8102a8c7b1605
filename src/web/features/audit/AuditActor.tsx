import { Trans, useTranslation } from 'react-i18next';
import { Text } from '@mantine/core';
import type { AuditEntry } from '../../../common/contract/admin';
import { PersonLink } from '../../common/components/UserRef';

/**
 * Who acted, in words: a person's name (a link), "HR sync token 'Workday'", "API token 'name'" or "System".
 * The server leaves a name out when this reader may not see it; then only the kind is said.
 */
export function AuditActor({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('audit');
  const { actor, impersonator } = entry;
  let who: React.ReactNode;
  if (actor.kind === 'person')
    who = actor.id && actor.name ? <PersonLink person={{ id: actor.id, name: actor.name }} /> : t('actor.hiddenPerson');
  else if (actor.kind === 'hr_token')
    who = actor.name ? t('actor.hrToken', { name: actor.name }) : t('actor.hrTokenUnnamed');
  else if (actor.kind === 'api_token')
    who = actor.name ? t('actor.apiToken', { name: actor.name }) : t('actor.apiTokenUnnamed');
  else who = t('actor.system');
  return (
    <>
      <Text span size="sm">
        {who}
      </Text>
      {impersonator && (
        <Text size="xs" c="dark.7">
          <Trans
            t={t}
            i18nKey="impersonatedBy"
            components={{
              who: impersonator.name ? (
                <PersonLink person={{ id: impersonator.id, name: impersonator.name }} />
              ) : (
                <span>{t('actor.hiddenPerson')}</span>
              ),
            }}
          />
        </Text>
      )}
    </>
  );
}
