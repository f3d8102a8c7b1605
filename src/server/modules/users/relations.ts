import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { notFound } from '../../core/errors';
import { can, relationTo, visibleUsersSql } from '../access/policy';
import { ancestorsSql } from '../people/hierarchy';
import { findUser } from '../people/repo';
import { groupsOfUser } from '../groups/service';
import type { RelatedPerson, UserRelations } from '../../../common/contract/relations';

/** How many direct reports the answer names; the UI links to the People list for the rest. */
export const REPORTS_NAMED = 5;

const person = (r: any): RelatedPerson => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  jobTitle: r.job_title,
});

/**
 * A person's relations (GET /users/{id}/relations): 404 when the caller does not see them; the managers
 * above and the reports below are filtered by the same visibility as the People list, so nobody outside the
 * caller's scope is named or counted. Teams are visible to every signed-in person (the tree).
 */
export async function userRelations(sql: Sql, actor: Actor, userId: string): Promise<UserRelations> {
  const user = await findUser(sql, userId);
  if (!user || !(await relationTo(sql, actor, user, { managerPath: user.manager_path })).visible)
    throw notFound('User');

  const params: unknown[] = [userId];
  const param = (v: unknown) => `$${params.push(v)}`;
  const visible = await visibleUsersSql(sql, actor, param);
  const chain = await sql.query<any>(
    `select u.id, u.first_name, u.last_name, u.job_title, x.n
       from users t cross join lateral unnest(${ancestorsSql('t')}) with ordinality as x(id, n)
       join users u on u.id = x.id and u.deleted_at is null
      where t.id = $1 and ${visible}
      order by x.n`,
    params,
  );
  // Nearest first: the chain shown stops at the first manager the caller does not see.
  const shown: RelatedPerson[] = [];
  for (const [i, r] of chain.entries()) {
    if (Number(r.n) !== i + 1) break;
    shown.push(person(r));
  }
  // How many managers there are above, from the stored reporting line (the same one ancestorsSql reads).
  const above = (user.manager_path ?? '').split('/').filter(Boolean).length;

  const reports = await sql.query<any>(
    `select u.id, u.first_name, u.last_name, u.job_title, count(*) over ()::int as total
       from users u where u.manager_id = $1 and u.deleted_at is null and ${visible}
      order by u.sort_name, u.id limit ${REPORTS_NAMED}`,
    params,
  );

  const teams = await sql.query<any>(
    `select t.id, t.name,
            exists (select 1 from team_members m where m.team_id = t.id and m.user_id = $1) as member,
            exists (select 1 from team_managers tm where tm.team_id = t.id and tm.user_id = $1) as manages
       from teams t
      where t.id in (select team_id from team_members where user_id = $1
                     union select team_id from team_managers where user_id = $1)
      order by lower(t.name), t.id`,
    [userId],
  );

  // The same rule as GET /users/{id}/groups: group managers, or the person themselves.
  const mayReadGroups = can(actor, 'groups.manage') || actor.userId === userId;
  return {
    managerChain: shown,
    managerChainCut: shown.length < above,
    directReports: { total: reports[0]?.total ?? 0, items: reports.map(person) },
    teams: teams.map((t) => ({ id: t.id, name: t.name, member: Boolean(t.member), manages: Boolean(t.manages) })),
    groups: mayReadGroups ? (await groupsOfUser(sql, userId)).map((g) => ({ id: g.id, name: g.name })) : null,
  };
}
