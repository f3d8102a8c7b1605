import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { invalid } from '../../core/errors';
import * as audit from '../audit/audit';
import { listFields } from '../customFields/customFields';
import {
  BUILT_IN_COLUMNS,
  CUSTOM_COLUMN_PREFIX,
  isCustomColumn,
  REQUIRED_COLUMNS,
} from '../../../common/peopleColumns';
import { assertMayOpenPeopleList } from './peopleListAccess';

const REFUSED = 'You may not change the People list.';

/**
 * The column keys, checked against the catalogue (src/common/peopleColumns.ts) and today's custom fields
 * (filterable or visible in the directory), without repeats; the status is added when missing.
 */
export async function checkColumns(sql: Sql, columns: string[]): Promise<string[]> {
  const keys = [...new Set(columns.map((c) => c.trim()).filter(Boolean))];
  const custom = new Set((await listFields(sql)).filter((f) => f.filterable || f.visibleInDirectory).map((f) => f.key));
  const unknown = keys.filter((k) =>
    isCustomColumn(k) ? !custom.has(k.slice(CUSTOM_COLUMN_PREFIX.length)) : !BUILT_IN_COLUMNS.includes(k),
  );
  if (unknown.length)
    throw invalid(
      `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      unknown.map((k) => ({ field: 'columns', message: `"${k}" is not a column.` })),
    );
  for (const r of REQUIRED_COLUMNS) if (!keys.includes(r)) keys.unshift(r);
  return keys;
}

/** The caller's chosen columns, or null when they never chose (the list's defaults apply). */
export async function getPeopleColumns(sql: Sql, actor: Actor): Promise<{ columns: string[] | null }> {
  await assertMayOpenPeopleList(sql, actor, REFUSED);
  const [row] = await sql.query<{ columns: string[] }>(`select columns from people_list_columns where user_id = $1`, [
    actor.userId,
  ]);
  return { columns: row?.columns ?? null };
}

export async function setPeopleColumns(tx: Sql, actor: Actor, columns: string[]): Promise<{ columns: string[] }> {
  await assertMayOpenPeopleList(tx, actor, REFUSED);
  const keys = await checkColumns(tx, columns);
  const [before] = await tx.query<{ columns: string[] }>(
    `select columns from people_list_columns where user_id = $1 for update`,
    [actor.userId],
  );
  await tx.query(
    `insert into people_list_columns (user_id, columns, updated_at) values ($1, $2::jsonb, now())
     on conflict (user_id) do update set columns = excluded.columns, updated_at = excluded.updated_at`,
    [actor.userId, JSON.stringify(keys)],
  );
  await audit.record(tx, actor, {
    action: 'people_columns.updated',
    targetType: 'user',
    targetId: actor.userId,
    before: before ? { columns: before.columns } : null,
    after: { columns: keys },
  });
  return { columns: keys };
}
