import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Dark text on an alert's light tint (AA contrast), for alerts that hold more than a line. */
export const READABLE = { title: { color: '#212529' }, message: { color: '#212529' } };

/** One labelled value of a vertical table (what a provider answered, what to give its administrator). */
export function DetailRow({ label, value }: { label: string; value: string | null }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Th>{label}</Table.Th>
      <Table.Td style={{ wordBreak: 'break-all' }}>{value ?? t('common:notListed')}</Table.Td>
    </Table.Tr>
  );
}
