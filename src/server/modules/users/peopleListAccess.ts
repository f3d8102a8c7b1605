import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import { abilitiesOf } from '../access/policy';

/**
 * Who may open the People list as a list: people.view organisation-wide, over a team (grant) or over reports.
 * Anyone else sees only their own record there, which is no reason to export, choose columns or save views.
 */
export async function mayOpenPeopleList(sql: Sql, actor: Actor): Promise<boolean> {
  const [row] = await sql.query<{ reports: boolean }>(
    `select exists (select 1 from users where manager_id = $1 and deleted_at is null) as reports`,
    [actor.userId],
  );
  return abilitiesOf(actor, row!.reports).includes('people.view');
}

export async function assertMayOpenPeopleList(sql: Sql, actor: Actor, message: string) {
  if (!(await mayOpenPeopleList(sql, actor))) throw forbidden(message);
}
