import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { publish } from '../../core/events';
import * as audit from '../audit/audit';
import { assertCanManageTeam } from '../access/teams';

/**
 * The team side of a leaver's hand-over (users/handOver.ts): the teams someone manages, and moving that duty to
 * someone else. Pending join requests are decided by a team's managers, so they follow the duty.
 */
export interface ManagedTeam {
  id: string;
  name: string;
  /** Managers other than the leaver: the team keeps them whatever happens. */
  otherManagers: number;
  /** Join requests waiting for a manager's decision. */
  pendingJoinRequests: number;
}

export async function teamsManagedBy(sql: Sql, userId: string): Promise<ManagedTeam[]> {
  const rows = await sql.query<{ id: string; name: string; other_managers: number; pending: number }>(
    `select t.id, t.name,
            (select count(*)::int from team_managers o where o.team_id = t.id and o.user_id <> $1) as other_managers,
            (select count(*)::int from team_join_requests r where r.team_id = t.id and r.status = 'pending') as pending
       from team_managers tm join teams t on t.id = tm.team_id
      where tm.user_id = $1 order by t.path`,
    [userId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, otherManagers: r.other_managers, pendingJoinRequests: r.pending }));
}

/**
 * `to` becomes a manager of the team (unless already one) and `from` stops being one, audited and published as
 * two changes. `to` null only removes `from`: the team's other managers, or its administrators, carry on.
 */
export async function handOverTeam(tx: Sql, actor: Actor, teamId: string, from: string, to: string | null) {
  await assertCanManageTeam(tx, actor, teamId);
  if (to) {
    const added = await tx.query(
      `insert into team_managers (team_id, user_id) values ($1, $2) on conflict do nothing returning 1`,
      [teamId, to],
    );
    if (added.length) await recordManagerChange(tx, actor, teamId, to, 'added');
  }
  await tx.query(`delete from team_managers where team_id = $1 and user_id = $2`, [teamId, from]);
  await recordManagerChange(tx, actor, teamId, from, 'removed');
}

/** The audit entry and the domain event of a team-manager change, whichever path made it. */
export async function recordManagerChange(
  tx: Sql,
  actor: Actor,
  teamId: string,
  userId: string,
  change: 'added' | 'removed',
): Promise<void> {
  await audit.record(tx, actor, {
    action: `team.manager_${change}`,
    targetType: 'team',
    targetId: teamId,
    ...(change === 'added' ? { after: { userId } } : { before: { userId } }),
  });
  await publish(tx, actor, { type: `team.manager_${change}`, subjectId: teamId, data: { userId } });
}
