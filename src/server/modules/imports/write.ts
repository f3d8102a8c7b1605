import type { Role } from '../../../common/domain';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { publishMany, type DomainEvent } from '../../core/events';
import { userUpdatedData } from '../../core/eventCatalogue';
import * as audit from '../audit/audit';
import type { ImportOptions } from './columns';
import type { Snapshot } from './context';
import type { Planned, Write } from './plan';

/**
 * Set-based writes of one commit chunk: a few statements whatever the number of rows
 * (unnest of one array per column), never one statement per row.
 */

const COLUMN_TYPE: Record<string, string> = { hire_date: 'date', expires_at: 'timestamptz', custom_fields: 'jsonb' };
const cast = (col: string) => COLUMN_TYPE[col] ?? 'text';
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export interface Creation {
  id: string;
  plan: Planned & { write: Write };
}

const CREATE_COLUMNS = [
  'email',
  'email_normalized',
  'first_name',
  'last_name',
  'role',
  'employee_id',
  'job_title',
  'department',
  'location',
  'phone',
  'photo_url',
  'language',
  'time_zone',
  'hire_date',
  'expires_at',
  'manager_id',
  'custom_fields',
] as const;
const DEFAULTS: Record<string, unknown> = { last_name: '', role: 'learner', custom_fields: '{}' };

/** Audit payloads use the API's field names, as user.created / user.updated entries elsewhere do. */
const AUDIT_NAME: Record<string, string> = {
  email: 'email',
  first_name: 'firstName',
  last_name: 'lastName',
  role: 'role',
  employee_id: 'employeeId',
  job_title: 'jobTitle',
  department: 'department',
  location: 'location',
  phone: 'phone',
  photo_url: 'photoUrl',
  language: 'language',
  time_zone: 'timeZone',
  hire_date: 'hireDate',
  expires_at: 'expiresAt',
  manager_id: 'managerId',
  custom_fields: 'customFields',
};
function auditView(cols: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [col, v] of Object.entries(cols))
    if (AUDIT_NAME[col]) out[AUDIT_NAME[col]] = col === 'custom_fields' && typeof v === 'string' ? JSON.parse(v) : v;
  return out;
}

/**
 * Inserts new people with their status, history, audit entries and events: `user.created`, and
 * `user.status_changed` when they are invited now or later (its subscribers issue the invitations and
 * their emails, as an invite from the People list does).
 */
export async function insertUsers(tx: Sql, actor: Actor, opts: ImportOptions, rows: Creation[]): Promise<void> {
  if (!rows.length) return;
  const status =
    opts.invite === 'now' ? 'invite_pending' : opts.invite === 'scheduled' ? 'invite_scheduled' : 'not_invited';
  const ids = rows.map((r) => r.id);
  // One JSON parameter for the chunk (a text value per column, cast below): cheaper to send than an array per column.
  const records = rows.map((r) =>
    Object.fromEntries([['id', r.id], ...CREATE_COLUMNS.map((c) => [c, str(r.plan.write.cols[c] ?? DEFAULTS[c])])]),
  );
  await tx.query(
    `insert into users (id, status, invited_at, invite_scheduled_at, ${CREATE_COLUMNS.join(', ')})
     select v.id, $1, case when $1 = 'invite_pending' then now() end, $2::timestamptz, ${CREATE_COLUMNS.map((c) => `v.${c}::${cast(c)}`).join(', ')}
       from json_to_recordset($3::json) as v(id text, ${CREATE_COLUMNS.map((c) => `${c} text`).join(', ')})`,
    [status, opts.invite === 'scheduled' ? opts.inviteAt : null, JSON.stringify(records)],
  );
  await history(tx, actor, ids, null, 'not_invited', 'create');
  const events: audit.AuditEvent[] = rows.map((r) => ({
    action: 'user.created',
    targetType: 'user',
    targetId: r.id,
    after: auditView(r.plan.write.cols),
  }));
  if (status !== 'not_invited') {
    await history(tx, actor, ids, 'not_invited', status, opts.invite === 'now' ? 'send_invite' : 'schedule_invite');
    for (const id of ids) {
      events.push({
        action: 'user.status_changed',
        targetType: 'user',
        targetId: id,
        before: { status: 'not_invited' },
        after: { status, event: opts.invite === 'now' ? 'send_invite' : 'schedule_invite' },
      });
      if (status === 'invite_scheduled')
        events.push({ action: 'invitation.scheduled', targetType: 'user', targetId: id, after: { at: opts.inviteAt } });
    }
  }
  await audit.recordMany(tx, actor, events);
  const published: DomainEvent[] = rows.map((r) => ({
    type: 'user.created',
    subjectId: r.id,
    data: { status: 'not_invited', role: String(r.plan.write.cols.role ?? DEFAULTS.role) as Role },
  }));
  if (status !== 'not_invited')
    for (const id of ids)
      published.push({
        type: 'user.status_changed',
        subjectId: id,
        data: { from: 'not_invited', to: status, cause: opts.invite === 'now' ? 'send_invite' : 'schedule_invite' },
      });
  await publishMany(tx, actor, published);
}

async function history(tx: Sql, actor: Actor, ids: string[], from: string | null, to: string, event: string) {
  await tx.query(
    `insert into status_history (user_id, from_status, to_status, event, actor_id) select unnest($1::text[]), $2, $3, $4, $5`,
    [ids, from, to, event, actor.userId],
  );
}

/** Updates grouped by the set of columns they change: one statement per group. */
export async function updateUsers(tx: Sql, actor: Actor, rows: { user: Snapshot; write: Write }[]): Promise<void> {
  const groups = new Map<string, { user: Snapshot; write: Write }[]>();
  for (const r of rows) {
    const cols = Object.keys(r.write.cols).sort();
    if (!cols.length) continue;
    const key = cols.join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  for (const [key, group] of groups) {
    const cols = key.split(',');
    await tx.query(
      `update users u set ${cols.map((c) => `${c} = v.${c}::${cast(c)}`).join(', ')}, updated_at = now()
         from unnest($1::text[], ${cols.map((_, i) => `$${i + 2}::text[]`).join(', ')}) as v(id, ${cols.join(', ')})
        where u.id = v.id`,
      [group.map((r) => r.user.id), ...cols.map((c) => group.map((r) => str(r.write.cols[c])))],
    );
  }
  const events: audit.AuditEvent[] = rows
    .filter((r) => Object.keys(r.write.cols).length)
    .map((r) => {
      const before: Record<string, unknown> = {};
      for (const col of Object.keys(r.write.cols))
        before[col] = col === 'custom_fields' ? JSON.stringify(r.user.custom_fields ?? {}) : (r.user as any)[col];
      if ('expires_at' in before && before.expires_at)
        before.expires_at = new Date(before.expires_at as string).toISOString();
      const a = auditView(r.write.cols);
      const b = auditView(before);
      return { action: 'user.updated', targetType: 'user', targetId: r.user.id, before: b, after: a };
    });
  await audit.recordMany(tx, actor, events);
  await publishMany(
    tx,
    actor,
    events.flatMap((e) => {
      const data = userUpdatedData(e.before!, e.after!);
      return data ? [{ type: 'user.updated' as const, subjectId: e.targetId!, data }] : [];
    }),
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

/** Team memberships added and removed, each audited like a manual change. */
export async function syncTeams(
  tx: Sql,
  actor: Actor,
  adds: { teamId: string; userId: string }[],
  removes: { teamId: string; userId: string }[],
) {
  const events: audit.AuditEvent[] = [];
  const published: DomainEvent[] = [];
  if (adds.length) {
    const rows = await tx.query<{ team_id: string; user_id: string }>(
      `insert into team_members (team_id, user_id) select * from unnest($1::text[], $2::text[]) on conflict do nothing returning team_id, user_id`,
      [adds.map((a) => a.teamId), adds.map((a) => a.userId)],
    );
    for (const r of rows)
      events.push({
        action: 'team.member_added',
        targetType: 'team',
        targetId: r.team_id,
        after: { userId: r.user_id },
      });
    published.push(
      ...rows.map((r) => ({ type: 'team.member_added' as const, subjectId: r.team_id, data: { userId: r.user_id } })),
    );
  }
  if (removes.length) {
    const rows = await tx.query<{ team_id: string; user_id: string }>(
      `delete from team_members m using unnest($1::text[], $2::text[]) as v(team_id, user_id)
        where m.team_id = v.team_id and m.user_id = v.user_id returning m.team_id, m.user_id`,
      [removes.map((a) => a.teamId), removes.map((a) => a.userId)],
    );
    for (const r of rows)
      events.push({
        action: 'team.member_removed',
        targetType: 'team',
        targetId: r.team_id,
        before: { userId: r.user_id },
      });
    published.push(
      ...rows.map((r) => ({ type: 'team.member_removed' as const, subjectId: r.team_id, data: { userId: r.user_id } })),
    );
  }
  await audit.recordMany(tx, actor, events);
  await publishMany(tx, actor, published);
}
