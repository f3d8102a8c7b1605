import type { ReactNode } from 'react';
import { Avatar, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { CustomField, User } from '../../common/api';
import { UserRef } from '../../common/components/UserRef';
import { formatDate, formatDateTime, humanize, roleLabel } from '../../common/lib/format';
import { CUSTOM_COLUMN_PREFIX, isCustomColumn } from '../../../common/peopleColumns';
import { StatusBadge } from '../../common/components/StatusBadge';

/** A column's header text: a custom field's label, else people:columns.label.<key>. */
export function columnLabel(t: TFunction, key: string, fields: Map<string, CustomField>): string {
  if (isCustomColumn(key)) return fields.get(key.slice(CUSTOM_COLUMN_PREFIX.length))?.label ?? key;
  return t(`people:columns.label.${key}`, { defaultValue: humanize(key) });
}

const DASH = '—';
const TIMESTAMPS = new Set(['lastSignInAt', 'lastActivityAt', 'expiresAt', 'breakUntil']);
/** Empty means "never" for these. */
const NEVER = new Set(['lastSignInAt', 'lastActivityAt']);

function customValue(u: User, key: string): ReactNode {
  const v = u.customFields[key.slice(CUSTOM_COLUMN_PREFIX.length)];
  if (v === null || v === undefined || v === '') return DASH;
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** What one cell of the list shows for a column (the name and the selection are the table's own). */
export function cellValue(t: TFunction, u: User, key: string): ReactNode {
  if (isCustomColumn(key)) return customValue(u, key);
  switch (key) {
    case 'status':
      return (
        <>
          <StatusBadge status={u.status} />
          {u.deletedAt && (
            <Text size="xs" c="red.9">
              {t('people:table.deleted', { date: formatDate(u.deletedAt) })}
            </Text>
          )}
        </>
      );
    case 'role':
      return roleLabel(u.role);
    case 'createdAt':
    case 'hireDate':
      return formatDate(u[key]);
    case 'managerId':
      return u.managerId ? <UserRef id={u.managerId} /> : DASH;
    case 'engagement':
      return u.engagement ? t(`people:filters.${u.engagement}`) : DASH;
    case 'onBreak':
      return u.onBreak ? t('people:filters.onBreakYes') : t('people:filters.onBreakNo');
    case 'photoUrl':
      return u.photoUrl ? <Avatar src={u.photoUrl} alt="" size="sm" /> : DASH;
    default: {
      const v = (u as Record<string, unknown>)[key];
      if (v === null || v === undefined || v === '') return NEVER.has(key) ? t('people:columns.never') : DASH;
      return TIMESTAMPS.has(key) ? formatDateTime(String(v)) : String(v);
    }
  }
}
