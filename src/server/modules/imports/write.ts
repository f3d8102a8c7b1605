import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { publishMany } from '../../core/events';
import * as audit from '../audit/audit';
import type { UserRow } from '../people/repo';
import { createPeople, updatePeople } from '../people/write';
import type { ImportOptions } from './columns';
import type { Planned, Write } from './plan';

/**
 * Set-based writes of one commit chunk: a few statements whatever the number of rows
 * (unnest of one array per column), never one statement per row.
 */

const DEFAULTS: Record<string, unknown> = { last_name: '', role: 'learner', custom_fields: '{}' };

export interface Creation {
  id: string;
  plan: Planned & { write: Write };
}

/**
 * New people through people/write.ts createPeople: their status, history, audit entries and events
 * (`user.created`, and `user.status_changed` when they are invited now or later, whose subscribers issue the
 * invitations and their emails, as an invite from the People list does).
 */
export async function insertUsers(tx: Sql, actor: Actor, opts: ImportOptions, rows: Creation[]): Promise<void> {
  const event =
    opts.invite === 'now'
      ? { event: 'send_invite' as const }
      : opts.invite === 'scheduled'
        ? { event: 'schedule_invite' as const, scheduleAt: new Date(opts.inviteAt!) }
        : null;
  await createPeople(
    tx,
    actor,
    rows.map((r) => ({
      id: r.id,
      columns: { ...DEFAULTS, ...r.plan.write.cols },
      events: event ? [event] : [],
    })),
  );
}

/** Updates through people/write.ts updatePeople: one statement per set of changed columns. */
export async function updateUsers(tx: Sql, actor: Actor, rows: { user: UserRow; write: Write }[]): Promise<UserRow[]> {
  return updatePeople(
    tx,
    actor,
    rows.map((r) => ({ user: r.user, columns: r.write.cols })),
  );
}

/**
 * Unique custom field values follow the rows. The plan checked them under the chunk's locks; a value
 * someone else took meanwhile fails the insert (23505), and commitChunk re-plans the chunk, which
 * then fails that row with the reason. Only `existing` people (updates) can hold a value to replace.
 */
export async function syncUnique(
  tx: Sql,
  items: { userId: string; key: string; value: string | null }[],
  existing: ReadonlySet<string>,
): Promise<void> {
  const replaced = items.filter((i) => existing.has(i.userId));
  if (replaced.length)
    await tx.query(
      `delete from custom_field_unique_values c using unnest($1::text[], $2::text[]) as v(user_id, field_key) where c.user_id = v.user_id and c.field_key = v.field_key`,
      [replaced.map((i) => i.userId), replaced.map((i) => i.key)],
    );
  const set = items.filter((i) => i.value !== null);
  if (set.length)
    await tx.query(
      `insert into custom_field_unique_values (field_key, value_normalized, user_id) select * from unnest($1::text[], $2::text[], $3::text[])`,
      [set.map((i) => i.key), set.map((i) => i.value), set.map((i) => i.userId)],
    );
}

/** How an import writes team memberships, per change: the rows it touches come back. */
const MEMBERSHIP_SQL = {
  'team.member_added': `insert into team_members (team_id, user_id) select * from unnest($1::text[], $2::text[]) on conflict do nothing returning team_id, user_id`,
  'team.member_removed': `delete from team_members m using unnest($1::text[], $2::text[]) as v(team_id, user_id)
        where m.team_id = v.team_id and m.user_id = v.user_id returning m.team_id, m.user_id`,
} as const;

/** Team memberships added and removed, each audited like a manual change. */
export async function syncTeams(
  tx: Sql,
  actor: Actor,
  adds: { teamId: string; userId: string }[],
  removes: { teamId: string; userId: string }[],
) {
  const changed: { type: keyof typeof MEMBERSHIP_SQL; teamId: string; userId: string }[] = [];
  for (const [type, pairs] of [
    ['team.member_added', adds],
    ['team.member_removed', removes],
  ] as const) {
    if (!pairs.length) continue;
    const rows = await tx.query<{ team_id: string; user_id: string }>(MEMBERSHIP_SQL[type], [
      pairs.map((a) => a.teamId),
      pairs.map((a) => a.userId),
    ]);
    for (const r of rows) changed.push({ type, teamId: r.team_id, userId: r.user_id });
  }
  await audit.recordMany(
    tx,
    actor,
    changed.map(({ type, teamId, userId }) => ({
      action: type,
      targetType: 'team',
      targetId: teamId,
      // The person after joining, before leaving.
      [type === 'team.member_added' ? 'after' : 'before']: { userId },
    })),
  );
  await publishMany(
    tx,
    actor,
    changed.map(({ type, teamId, userId }) => ({ type, subjectId: teamId, data: { userId } })),
  );
}
