import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { assertCan, visibleUsersSql } from '../access/policy';
import { performAction, updateUser } from '../users/service';
import type { DataQuality, DataQualityKind, Finding, FixResult } from '../../../common/contract/dataQuality';
import { INACTIVE_STATUSES } from '../../../common/domain';
import { personName } from './summary';
import { binder } from './reports';

/** People listed per finding; the total counts them all. */
const ITEMS = 50;
/** People one fix request changes at most (each in a transaction of its own). */
const FIX_MAX = 1000;

type Person = { id: string; first_name: string; last_name: string; email: string | null };
const ref = (r: Person) => ({ id: r.id, name: personName(r), email: r.email });

/**
 * Keys that make two ways of writing the same thing equal: an employee id (spaces, dots, dashes, slashes dropped), a name, an email's
 * local part (dots, dashes, underscores and a +tag dropped: jane.doe@a.com is like janedoe+old@b.com).
 */
const KEYS = `nullif(translate(lower(u.employee_id), ' ._/-', ''), '') as employee_key,
  nullif(lower(trim(u.first_name)) || ' ' || lower(trim(u.last_name)), ' ') as name_key,
  nullif(translate(split_part(split_part(lower(u.email), '@', 1), '+', 1), '._-', ''), '') as local_key`;

/**
 * The questions the radar asks, each in the caller's scope and over people not deleted: one row per
 * finding (a person, and the other person where there is one), with the total of all rows.
 */
const QUERIES: Record<DataQualityKind, (scope: string, p: (v: unknown) => string, at: Date) => string> = {
  // Groups of people who share an employee id written differently (the column itself is unique), or a name and
  // an email whose local part is alike (two people called Jane Doe at one domain are common; jane.doe and janedoe+old
  // are one person). One hashed grouping, never a comparison of every pair; a group shows its first two people.
  duplicate: (scope) => `with keyed as (
        select u.id, ${KEYS} from users u where u.deleted_at is null and u.status <> 'anonymised' and ${scope}),
      groups as (
        select reason, (array_agg(id order by id))[1] as a, (array_agg(id order by id))[2] as b from (
          select 'employee_id' as reason, employee_key as key, id from keyed where employee_key is not null
          union all
          select 'name_and_email', name_key || '/' || local_key, id from keyed where name_key is not null and local_key is not null
        ) k group by reason, key having count(*) > 1)
    select g.reason, a.id, a.first_name, a.last_name, a.email, a.sort_name,
           b.id as o_id, b.first_name as o_first_name, b.last_name as o_last_name, b.email as o_email
      from groups g join users a on a.id = g.a join users b on b.id = g.b`,
  deactivated_manager: (scope) => `select null as reason, u.id, u.first_name, u.last_name, u.email, u.sort_name,
           m.id as o_id, m.first_name as o_first_name, m.last_name as o_last_name, m.email as o_email
      from users u join users m on m.id = u.manager_id
     where u.deleted_at is null and u.status = 'confirmed' and m.status = 'deactivated' and m.deleted_at is null
       and ${scope}`,
  // The manager was deleted (within the restore window) or anonymised: a line to no one.
  dangling_manager: (scope) => `select null as reason, u.id, u.first_name, u.last_name, u.email, u.sort_name
      from users u join users m on m.id = u.manager_id
     where u.deleted_at is null and u.status <> 'anonymised' and (m.deleted_at is not null or m.status = 'anonymised')
       and ${scope}`,
  // People who work here (not deactivated, expired or anonymised) and belong to no team.
  no_team: (scope) => `select null as reason, u.id, u.first_name, u.last_name, u.email, u.sort_name
      from users u
     where u.deleted_at is null and u.status <> all('{${INACTIVE_STATUSES.join(',')}}'::text[])
       and not exists (select 1 from team_members tm where tm.user_id = u.id) and ${scope}`,
  // Pending people whose newest link has expired: they cannot accept without a new one.
  expired_invitation: (scope, p, at) => `select null as reason, u.id, u.first_name, u.last_name, u.email, u.sort_name
      from users u
      join lateral (select i.expires_at from invitations i where i.user_id = u.id order by i.created_at desc limit 1) i
        on i.expires_at <= ${p(at)}
     where u.deleted_at is null and u.status = 'invite_pending' and ${scope}`,
};

type FindingRow = Person & {
  reason: 'employee_id' | 'name_and_email' | null;
  o_id?: string;
  o_first_name?: string;
  o_last_name?: string;
  o_email?: string | null;
};

async function finding(
  db: Db,
  actor: Actor,
  at: Date,
  kind: DataQualityKind,
  limit: number,
): Promise<Finding & { ids: string[] }> {
  const params: unknown[] = [];
  const p = binder(params);
  const scope = await visibleUsersSql(db, actor, p);
  const query = QUERIES[kind](scope, p, at);
  // One statement: the count of every row (a window over the whole finding) beside the first rows, so the finding's
  // query (the duplicate grouping reads every person) runs once, not once for the count and again for the rows.
  const rows = await db.query<FindingRow & { total: number }>(
    `select f.*, count(*) over ()::int as total from (${query}) f order by f.sort_name, f.id limit ${p(limit)}`,
    params,
  );
  const total = rows[0]?.total ?? 0;
  return {
    kind,
    total,
    items: rows.slice(0, ITEMS).map((r) => ({
      person: ref(r),
      other: r.o_id
        ? ref({ id: r.o_id, first_name: r.o_first_name!, last_name: r.o_last_name!, email: r.o_email! })
        : null,
      reason: r.reason,
    })),
    ids: rows.map((r) => r.id),
  };
}

/** Every finding of the radar, in the caller's scope (Owners, Admins and HR: everyone). */
export async function dataQuality(db: Db, actor: Actor, at: Date): Promise<DataQuality> {
  assertCan(actor, 'reports.view');
  const findings = [];
  // One after another: each is a single statement, and a pool of connections is better left to other requests.
  for (const kind of Object.keys(QUERIES) as DataQualityKind[]) {
    const { ids: _ids, ...f } = await finding(db, actor, at, kind, ITEMS);
    findings.push(f);
  }
  return { findings };
}

/** The use case that fixes one person's finding: a new invitation, or the line to a gone manager cleared. */
const FIXES: Record<
  'dangling_manager' | 'expired_invitation',
  (tx: Sql, actor: Actor, id: string) => Promise<unknown>
> = {
  expired_invitation: (tx, actor, id) => performAction(tx, actor, id, 'invite', {}),
  dangling_manager: (tx, actor, id) => updateUser(tx, actor, id, { managerId: null }),
};

/**
 * Fixes a finding for everyone it lists (at most 1,000 per call), one transaction per person through the same use
 * case as the person's page, so rank, scope and audit apply; a person the caller may not change is counted as failed.
 */
export async function fixFinding(db: Db, actor: Actor, at: Date, kind: keyof typeof FIXES): Promise<FixResult> {
  assertCan(actor, 'reports.view');
  assertCan(actor, kind === 'expired_invitation' ? 'people.invite' : 'people.edit');
  const { ids } = await finding(db, actor, at, kind, FIX_MAX);
  let fixed = 0;
  for (const id of ids) {
    try {
      await db.tx((tx) => FIXES[kind](tx, actor, id));
      fixed++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  return { matched: ids.length, fixed, failed: ids.length - fixed };
}
