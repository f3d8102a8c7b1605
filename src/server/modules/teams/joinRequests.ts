import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, forbidden, notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import * as outbox from '../mail/outbox';
import { assertCanManageTeam } from '../access/teams';
import { insertMember } from './members';
import { findTeam } from './repo';

/**
 * Joining a team by oneself: open teams take the person at once; on-request teams create a
 * request that a team manager or an administrator approves or declines (the requester is
 * emailed either way); closed teams refuse.
 */
export interface JoinRequestRow {
  id: string;
  team_id: string;
  user_id: string;
  status: 'pending' | 'approved' | 'declined';
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
}

export function toRequestDto(r: JoinRequestRow & { first_name?: string; last_name?: string }) {
  return {
    id: r.id,
    teamId: r.team_id,
    userId: r.user_id,
    userName: r.first_name !== undefined ? `${r.first_name} ${r.last_name ?? ''}`.trim() : undefined,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    decidedBy: r.decided_by,
  };
}

/** The signed-in user asks to join (on_request) or joins (open). Returns the request, already approved for open teams. */
export async function requestToJoin(tx: Sql, actor: Actor, teamId: string): Promise<JoinRequestRow> {
  if (!actor.userId || actor.type !== 'user') throw forbidden('Only a signed-in person can ask to join a team.');
  const team = await findTeam(tx, teamId);
  if (team.join_policy === 'closed') throw forbidden('This team is closed: ask a team manager to add you.');
  const already = await tx.query(`select 1 from team_members where team_id = $1 and user_id = $2`, [
    teamId,
    actor.userId,
  ]);
  if (already.length) throw new AppError('conflict', 'You are already a member of this team.');
  const id = randomUUID();
  const open = team.join_policy === 'open';
  let rows: JoinRequestRow[];
  try {
    rows = await tx.query<JoinRequestRow>(
      `insert into team_join_requests (id, team_id, user_id, status, decided_at, decided_by)
       values ($1, $2, $3, $4, case when $5::boolean then now() end, case when $5::boolean then $3 end) returning *`,
      [id, teamId, actor.userId, open ? 'approved' : 'pending', open],
    );
  } catch {
    throw new AppError('conflict', 'You have already asked to join this team.');
  }
  await audit.record(tx, actor, {
    action: 'team.join_requested',
    targetType: 'team',
    targetId: teamId,
    after: { userId: actor.userId, requestId: id },
  });
  if (open) await insertMember(tx, actor, teamId, actor.userId, 'team_joined');
  return rows[0]!;
}

export async function listRequests(
  sql: Sql,
  actor: Actor,
  teamId: string,
  status: JoinRequestRow['status'] | undefined,
) {
  await findTeam(sql, teamId);
  await assertCanManageTeam(sql, actor, teamId);
  const rows = await sql.query<JoinRequestRow & { first_name: string; last_name: string }>(
    `select r.*, u.first_name, u.last_name from team_join_requests r join users u on u.id = r.user_id
     where r.team_id = $1 and ($2::text is null or r.status = $2) order by r.created_at desc, r.id`,
    [teamId, status ?? null],
  );
  return rows.map(toRequestDto);
}

export async function decide(
  tx: Sql,
  actor: Actor,
  teamId: string,
  requestId: string,
  approve: boolean,
): Promise<JoinRequestRow> {
  const team = await findTeam(tx, teamId);
  await assertCanManageTeam(tx, actor, teamId);
  const [req] = await tx.query<JoinRequestRow>(
    `select * from team_join_requests where id = $1 and team_id = $2 for update`,
    [requestId, teamId],
  );
  if (!req) throw notFound('Join request');
  if (req.status !== 'pending') throw new AppError('conflict', `This request was already ${req.status}.`);
  const [row] = await tx.query<JoinRequestRow>(
    `update team_join_requests set status = $2, decided_at = now(), decided_by = $3 where id = $1 returning *`,
    [requestId, approve ? 'approved' : 'declined', actor.userId],
  );
  await audit.record(tx, actor, {
    action: approve ? 'team.join_approved' : 'team.join_declined',
    targetType: 'team',
    targetId: teamId,
    after: { userId: req.user_id, requestId },
  });
  if (approve) await insertMember(tx, actor, teamId, req.user_id, 'team_join_approved');
  await notifyRequester(tx, req.user_id, team.name, approve);
  return row!;
}

async function notifyRequester(tx: Sql, userId: string, teamName: string, approved: boolean): Promise<void> {
  const [user] = await tx.query<{ email: string | null; first_name: string }>(
    `select email, first_name from users where id = $1`,
    [userId],
  );
  if (!user?.email) return;
  const outcome = approved ? 'approved' : 'declined';
  await outbox.enqueue(tx, {
    userId,
    to: user.email,
    kind: `team_join_${outcome}`,
    category: 'notification',
    subject: `Your request to join ${teamName} was ${outcome}`,
    text: `Hello ${user.first_name},\n\nYour request to join the team "${teamName}" was ${outcome}.`,
  });
}
