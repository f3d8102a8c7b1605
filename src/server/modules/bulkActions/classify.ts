import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { Status } from '../../../common/domain';
import type { BulkJobAction, BulkParams, BulkReason } from '../../../common/contract/bulkActions';
import { assertCanActOn, assertMayAssignRole, can, mayAffectCredentials, type Ability } from '../access/policy';
import { applyEvent, canApply, expiryPending, type LifecycleEvent } from '../people/lifecycle';
import type { UserRow } from '../people/repo';
import { hrManagedRefusals } from '../users/service';

/**
 * What one bulk action would do to one person: change them (and how), or leave them, and why. The dry
 * run and the job call the same function on the same rows (the job on the row it has just locked), which
 * is what makes the dry run say what the run does. Refusals here mirror the use cases' own guards
 * (users/service.ts, people/transitions.ts, teams/members.ts), which the job still calls to make the change.
 */

/** A person as a bulk action reads them: the users row and whether they are in the action's team. */
export type Target = UserRow & { in_team: boolean };

/** The values an action changes, before and after it: undo compares the "after" with now and restores "before". */
export interface Snapshot {
  status: Status;
  expiresAt: string | null;
  role: string;
  managerId: string | null;
  inTeam: boolean;
  deleted: boolean;
  inviteScheduledAt: string | null;
}

export type Plan = { change: true; after: Snapshot } | { change: false; reason: BulkReason };

/** What an action needs to know beyond the person (loaded once per batch). */
export interface ActionContext {
  action: BulkJobAction;
  params: BulkParams;
  /** set_manager: the new manager's manager_path (a person there would report to themselves). */
  managerPath?: string | null;
  now: Date;
}

export function snapshot(u: Target): Snapshot {
  return {
    status: u.status,
    expiresAt: u.expires_at ? new Date(u.expires_at).toISOString() : null,
    role: u.role,
    managerId: u.manager_id,
    inTeam: u.in_team,
    deleted: u.deleted_at !== null,
    inviteScheduledAt: u.invite_scheduled_at ? new Date(u.invite_scheduled_at).toISOString() : null,
  };
}

/** The snapshot field each action changes: undo refuses a person whose field is no longer what the action left. */
export const CHANGED_FIELD: Record<BulkJobAction, keyof Snapshot> = {
  invite: 'status',
  cancel_invite: 'status',
  deactivate: 'status',
  reactivate: 'status',
  anonymise: 'status',
  set_expiry: 'expiresAt',
  clear_expiry: 'expiresAt',
  set_role: 'role',
  set_manager: 'managerId',
  add_to_team: 'inTeam',
  remove_from_team: 'inTeam',
  delete: 'deleted',
};

const EVENT: Partial<Record<BulkJobAction, LifecycleEvent>> = {
  invite: 'send_invite',
  cancel_invite: 'cancel_invite',
  deactivate: 'deactivate',
  reactivate: 'reactivate',
  anonymise: 'anonymise',
};

/** The abilities the use case checks on the person (assertCanActOn); team actions only need to see them. */
const ABILITIES: Record<BulkJobAction, Ability[]> = {
  invite: ['people.invite'],
  cancel_invite: ['people.invite'],
  deactivate: ['people.lifecycle'],
  reactivate: ['people.lifecycle'],
  anonymise: ['people.delete'],
  delete: ['people.delete'],
  set_expiry: ['people.edit', 'people.lifecycle'],
  clear_expiry: ['people.edit', 'people.lifecycle'],
  set_role: ['people.edit'],
  set_manager: ['people.edit'],
  add_to_team: ['people.view'],
  remove_from_team: ['people.view'],
};

/** The ability a caller needs somewhere (role, grant) to start this action at all. */
export const STARTING_ABILITY: Record<BulkJobAction, Ability> = {
  ...(Object.fromEntries(Object.entries(ABILITIES).map(([a, list]) => [a, list[list.length - 1]])) as Record<
    BulkJobAction,
    Ability
  >),
  set_role: 'roles.assign',
};

const NOT_ON_SELF: readonly BulkJobAction[] = [
  'deactivate',
  'reactivate',
  'anonymise',
  'delete',
  'set_expiry',
  'clear_expiry',
  'set_role',
];
/** HR (SCIM) owns these people's status and existence: its next sync would undo a bulk change. */
const HR_OWNS_STATUS: readonly BulkJobAction[] = ['deactivate', 'reactivate', 'delete'];

const skip = (reason: BulkReason): Plan => ({ change: false, reason });

export async function classify(sql: Sql, actor: Actor, ctx: ActionContext, u: Target | undefined): Promise<Plan> {
  if (!u || u.deleted_at) return skip('out_of_scope');
  const { action, params } = ctx;
  const refusal = await scopeRefusal(sql, actor, u, ABILITIES[action]);
  if (refusal) return skip(refusal);
  if (NOT_ON_SELF.includes(action) && actor.userId === u.id) return skip('self');
  const before = snapshot(u);
  const event = EVENT[action];
  if (event) {
    if (action === 'invite' && !mayAffectCredentials(actor, u, 'invite')) return skip('outranks');
    if (HR_OWNS_STATUS.includes(action) && u.managed_by === 'scim' && !actor.scim) return skip('hr_managed');
    if (!canApply(u, event)) return skip('illegal_transition');
    let status = applyEvent(
      { status: u.status, statusBeforeDeactivation: u.status_before_deactivation, statusBeforeExpiry: null },
      event,
    ).status;
    // Reactivating someone whose end date has passed brings them back expired (users/service.ts).
    if (action === 'reactivate' && u.expires_at && new Date(u.expires_at) <= ctx.now && status !== 'expired')
      status = 'expired';
    return { change: true, after: { ...before, status } };
  }
  switch (action) {
    case 'delete':
      if (HR_OWNS_STATUS.includes(action) && u.managed_by === 'scim' && !actor.scim) return skip('hr_managed');
      return { change: true, after: { ...before, deleted: true } };
    case 'set_expiry':
    case 'clear_expiry': {
      if (u.status === 'anonymised') return skip('illegal_transition');
      const next = action === 'set_expiry' ? new Date(params.expiresAt!) : null;
      if ((next?.toISOString() ?? null) === before.expiresAt) return skip('unchanged');
      if (hrManagedRefusals(actor, u, { expires_at: next }).length) return skip('hr_managed');
      return {
        change: true,
        after: { ...before, expiresAt: next?.toISOString() ?? null, status: expiryStatus(u, next, ctx.now) },
      };
    }
    case 'set_role': {
      if (u.status === 'anonymised') return skip('illegal_transition');
      if (u.role === params.role) return skip('unchanged');
      try {
        assertMayAssignRole(actor, u, params.role!);
      } catch (err) {
        if (err instanceof AppError) return skip('outranks');
        throw err;
      }
      if (hrManagedRefusals(actor, u, { role: params.role }).length) return skip('hr_managed');
      return { change: true, after: { ...before, role: params.role! } };
    }
    case 'set_manager': {
      if (u.status === 'anonymised') return skip('illegal_transition');
      const managerId = params.managerId ?? null;
      if (u.manager_id === managerId) return skip('unchanged');
      if (managerId && (managerId === u.id || ctx.managerPath?.includes(`/${u.id}/`))) return skip('invalid_manager');
      if (hrManagedRefusals(actor, u, { manager_id: managerId }).length) return skip('hr_managed');
      return { change: true, after: { ...before, managerId } };
    }
    case 'add_to_team':
      if (u.in_team) return skip('unchanged');
      if (!mayAffectCredentials(actor, u, 'team_member')) return skip('outranks');
      return { change: true, after: { ...before, inTeam: true } };
    case 'remove_from_team':
      if (!u.in_team) return skip('unchanged');
      return { change: true, after: { ...before, inTeam: false } };
    default:
      throw new Error(`bulk action ${action} has no plan`);
  }
}

/** The status syncExpiry gives a person with this new end date. */
function expiryStatus(u: UserRow, next: Date | null, now: Date): Status {
  const due = next !== null && next <= now;
  if (due && expiryPending({ status: u.status, statusBeforeDeactivation: u.status_before_deactivation }))
    return 'expired';
  if (!due && u.status === 'expired') return u.status_before_expiry ?? 'not_invited';
  return u.status;
}

/**
 * The use cases' assertCanActOn as a reason: out of scope (404 there), outranked (only Owners change Owners)
 * or not allowed (403). Callers whose role gives them the abilities over everyone skip the per-person query.
 */
async function scopeRefusal(sql: Sql, actor: Actor, u: Target, abilities: Ability[]): Promise<BulkReason | null> {
  const wide = actor.type === 'system' || (can(actor, 'people.view') && abilities.every((a) => can(actor, a)));
  if (wide) {
    if (actor.type === 'system') return null;
    const onlyView = abilities.every((a) => a === 'people.view');
    if (u.role === 'owner' && actor.role !== 'owner' && !onlyView && actor.userId !== u.id) return 'outranks';
    if (actor.impersonatorId && actor.impersonatorId === u.id) return 'not_allowed';
    return null;
  }
  for (const a of abilities) {
    try {
      await assertCanActOn(sql, actor, u, a);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'not_found') return 'out_of_scope';
      return u.role === 'owner' && actor.role !== 'owner' ? 'outranks' : 'not_allowed';
    }
  }
  return null;
}
