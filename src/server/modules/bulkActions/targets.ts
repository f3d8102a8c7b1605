import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { invalid } from '../../core/errors';
import type { BulkJobAction, BulkParams } from '../../../common/contract/bulkActions';
import { listQuerySchema, type ListQuery } from '../people/schemas';
import { matchingUsersSql } from '../users/list';
import type { ActionContext, Target } from './classify';

/** The people of one batch, by id, with whether they are in the action's team; locked for the job. */
export async function loadTargets(
  sql: Sql,
  ids: readonly string[],
  teamId: string | undefined,
  opts: { lock?: boolean; includeDeleted?: boolean } = {},
): Promise<Map<string, Target>> {
  if (!ids.length) return new Map();
  const rows = await sql.query<Target>(
    `select u.*, ${teamId ? 'exists(select 1 from team_members tm where tm.team_id = $2 and tm.user_id = u.id)' : 'false'} as in_team
       from users u where u.id = any($1::text[]) ${opts.includeDeleted ? '' : 'and u.deleted_at is null'}
      order by u.id ${opts.lock ? 'for update of u' : ''}`,
    teamId ? [ids, teamId] : [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** What classify() needs beyond the person, loaded once: the new manager's place in the reporting line. */
export async function actionContext(sql: Sql, action: BulkJobAction, params: BulkParams): Promise<ActionContext> {
  let managerPath: string | null = null;
  if (action === 'set_manager' && params.managerId) {
    const [m] = await sql.query<{ manager_path: string }>(`select manager_path from users where id = $1`, [
      params.managerId,
    ]);
    managerPath = m?.manager_path ?? null;
  }
  return { action, params, managerPath, now: now() };
}

/**
 * The People list's filter as given in a request body (strings, booleans or lists of strings) read with the
 * list's own query schema, so a bulk action on "everything the filter matches" accepts exactly the list's keys.
 */
export function parseFilter(filter: Record<string, unknown>): Omit<ListQuery, 'limit' | 'cursor' | 'sort'> {
  const asQuery = Object.fromEntries(
    Object.entries(filter)
      .filter(([k]) => !['limit', 'cursor', 'sort'].includes(k))
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
  const parsed = listQuerySchema.safeParse(asQuery);
  if (!parsed.success)
    throw invalid(
      'The filter is not valid.',
      parsed.error.issues.map((i) => ({ field: `filter.${i.path.join('.')}`, message: i.message })),
    );
  const { limit: _l, cursor: _c, sort: _s, ...q } = parsed.data;
  return q;
}

/** The SQL selecting everyone the target names within the caller's scope (the list's scope SQL for a filter). */
export async function targetSql(
  sql: Sql,
  actor: Actor,
  target: { ids: string[] } | { filter: Omit<ListQuery, 'limit' | 'cursor' | 'sort'> },
): Promise<{ where: string; params: unknown[] }> {
  if ('ids' in target) return { where: 'u.id = any($1::text[]) and u.deleted_at is null', params: [target.ids] };
  return matchingUsersSql(sql, actor, target.filter);
}
