import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import type { BulkJobAction, BulkParams, BulkReason } from '../../../common/contract/bulkActions';
import { addMemberInScope, removeMember } from '../teams/members';
import { deleteUser, performAction, updateUser } from '../users/service';
import { CHANGED_FIELD, snapshot, type Snapshot, type Target } from './classify';

/**
 * Makes one person's change through the existing use cases (users/service.ts, teams/members.ts), so every
 * change is checked, audited and published exactly as the same change made one at a time.
 */
export async function applyAction(
  tx: Sql,
  actor: Actor,
  action: BulkJobAction,
  params: BulkParams,
  userId: string,
): Promise<void> {
  switch (action) {
    case 'invite':
    case 'cancel_invite':
    case 'deactivate':
    case 'reactivate':
    case 'anonymise':
      await performAction(tx, actor, userId, action, {});
      return;
    case 'set_expiry':
      await updateUser(tx, actor, userId, { expiresAt: params.expiresAt });
      return;
    case 'clear_expiry':
      await updateUser(tx, actor, userId, { expiresAt: null });
      return;
    case 'set_role':
      await updateUser(tx, actor, userId, { role: params.role });
      return;
    case 'set_manager':
      await updateUser(tx, actor, userId, { managerId: params.managerId ?? null });
      return;
    case 'add_to_team':
      await addMemberInScope(tx, actor, params.teamId!, userId);
      return;
    case 'remove_from_team':
      await removeMember(tx, actor, params.teamId!, userId);
      return;
    case 'delete':
      await deleteUser(tx, actor, userId);
      return;
  }
}

/**
 * Puts one person back as the recorded `before` says, through the same use cases. Refused (a reason) when the
 * value the action changed is no longer what it left (someone changed it since), or when the change has no way back.
 */
export async function undoAction(
  tx: Sql,
  actor: Actor,
  action: BulkJobAction,
  params: BulkParams,
  current: Target | undefined,
  before: Snapshot,
  after: Snapshot,
): Promise<BulkReason | null> {
  if (!current) return 'changed_since';
  const field = CHANGED_FIELD[action];
  const now = snapshot(current);
  if (now[field] !== after[field] || (action !== 'delete' && now.deleted)) return 'changed_since';
  const id = current.id;
  switch (action) {
    case 'invite':
      // An invitation that was mailed cannot be unsent; one that replaced nothing is withdrawn.
      if (before.status !== 'not_invited') return 'not_undoable';
      await performAction(tx, actor, id, 'cancel_invite', {});
      return null;
    case 'cancel_invite': {
      if (before.status === 'invite_pending') await performAction(tx, actor, id, 'invite', {});
      else if (before.inviteScheduledAt && new Date(before.inviteScheduledAt) > new Date())
        await performAction(tx, actor, id, 'invite', { at: before.inviteScheduledAt });
      else return 'not_undoable';
      return null;
    }
    case 'deactivate':
      await performAction(tx, actor, id, 'reactivate', {});
      return null;
    case 'reactivate':
      await performAction(tx, actor, id, 'deactivate', {});
      return null;
    case 'set_expiry':
    case 'clear_expiry':
      await updateUser(tx, actor, id, { expiresAt: before.expiresAt });
      return null;
    case 'set_role':
      await updateUser(tx, actor, id, { role: before.role as Target['role'] });
      return null;
    case 'set_manager':
      await updateUser(tx, actor, id, { managerId: before.managerId });
      return null;
    case 'add_to_team':
      await removeMember(tx, actor, params.teamId!, id);
      return null;
    case 'remove_from_team':
      await addMemberInScope(tx, actor, params.teamId!, id);
      return null;
    case 'delete':
      await performAction(tx, actor, id, 'restore', {});
      return null;
    case 'anonymise':
      return 'not_undoable';
  }
}

/** An AppError from a use case as an item's reason (its code kept for the results CSV). */
export function failureOf(err: unknown): { reason: BulkReason; code: string } | null {
  if (!(err instanceof AppError)) return null;
  return { reason: 'failed', code: err.code };
}
