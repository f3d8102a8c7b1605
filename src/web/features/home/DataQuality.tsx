import { Anchor, Badge, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { showOutcome } from './outcome';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PersonLink } from '../../common/components/UserRef';
import { useItemConfirmation } from '../../common/components/useItemConfirmation';
import { ErrorAlert } from '../../common/components/ErrorAlert';
import { formatNumber } from '../../common/lib/format';
import { FIXABLE_KINDS, type DataQualityKind, type Finding } from '../../../common/contract/dataQuality';
import { peopleUrl, reportsApi } from './homeApi';

type Fixable = (typeof FIXABLE_KINDS)[number];

// Each kind's words are `dataQuality.kinds.<kind>` in the `home` namespace (a fixable kind's also name its fix).
const fixable = (kind: DataQualityKind): kind is Fixable => (FIXABLE_KINDS as readonly string[]).includes(kind);

function FindingCard({ f, onFix }: { f: Finding; onFix: (kind: Fixable) => void }) {
  const { t } = useTranslation('home');
  const title = t(`dataQuality.kinds.${f.kind}.title`);
  return (
    <Card withBorder component="section" aria-label={title}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {title}
          </Title>
          <Badge color={f.total ? 'orange' : 'green'}>{formatNumber(f.total)}</Badge>
        </Group>
        <Text size="sm">{t(`dataQuality.kinds.${f.kind}.help`)}</Text>
        {f.total > 0 && (
          <>
            {f.total > f.items.length && (
              <Text size="sm">{t('dataQuality.shown', { shown: f.items.length, total: f.total })}</Text>
            )}
            <List size="sm">
              {f.items.map((i) => (
                <List.Item key={`${i.person.id}-${i.other?.id ?? ''}`}>
                  <PersonLink person={i.person} />
                  {i.other && f.kind === 'duplicate' && (
                    <>
                      {` ${t('dataQuality.and')} `}
                      <PersonLink person={i.other} />{' '}
                      {i.reason === 'employee_id' ? t('dataQuality.sameEmployeeId') : t('dataQuality.sameNameEmail')}
                    </>
                  )}
                  {i.other && f.kind === 'deactivated_manager' && (
                    <>
                      {` ${t('dataQuality.under')} `}
                      <Anchor component={Link} to={peopleUrl({ managerId: i.other.id })}>
                        {i.other.name}
                      </Anchor>
                    </>
                  )}
                </List.Item>
              ))}
            </List>
            {fixable(f.kind) && (
              <Group>
                <Button size="xs" variant="light" onClick={() => fixable(f.kind) && onFix(f.kind)}>
                  {t(`dataQuality.kinds.${f.kind}.fix`)}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The data-quality radar (GET /reports/data-quality): each finding with its one-click fix or links to the people. */
export function DataQuality() {
  const { t } = useTranslation('home');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['reports', 'data-quality'], queryFn: () => reportsApi.dataQuality() });
  const fixing = useItemConfirmation((kind: Fixable) => ({
    title: t(`dataQuality.kinds.${kind}.fix`),
    children: <Text size="sm">{t(`dataQuality.kinds.${kind}.confirm`)}</Text>,
    confirmLabel: t(`dataQuality.kinds.${kind}.fix`),
    onConfirm: async () => {
      const r = await reportsApi.fix(kind);
      showOutcome(r.failed, {
        done: t('dataQuality.fixed', { count: r.fixed }),
        someRefused: t('dataQuality.fixedSomeRefused', { count: r.fixed, failed: r.failed }),
      });
      await qc.invalidateQueries({ queryKey: ['reports'] });
    },
  }));
  return (
    <Stack>
      <ErrorAlert error={q.error} />
      {q.isPending && <Loader aria-label={t('loading')} />}
      {q.data && q.data.findings.every((f) => f.total === 0) && <Text>{t('dataQuality.clean')}</Text>}
      {q.data?.findings.map((f) => (
        <FindingCard key={f.kind} f={f} onFix={fixing.ask} />
      ))}
      {fixing.modal}
    </Stack>
  );
}
