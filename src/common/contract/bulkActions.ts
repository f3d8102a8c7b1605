import { z } from 'zod';
import { ROLES } from '../domain';

/**
 * Bulk actions as jobs (docs/api.md "Bulk actions"): `POST /api/v1/bulk-actions` on selected ids or on
 * everything a People-list filter matches, a dry run first, then a background job with progress, a results
 * CSV and undo. `POST /users/bulk` stays for small id lists.
 */
export const BULK_JOB_ACTIONS = [
  'invite',
  'cancel_invite',
  'deactivate',
  'reactivate',
  'set_expiry',
  'clear_expiry',
  'set_role',
  'set_manager',
  'add_to_team',
  'remove_from_team',
  'delete',
  'anonymise',
] as const;
export type BulkJobAction = (typeof BULK_JOB_ACTIONS)[number];

/** Actions that need a typed confirmation (`params.confirm` equal to the number of people matched). */
export const DESTRUCTIVE_BULK_ACTIONS: readonly BulkJobAction[] = ['delete', 'anonymise'];
/** Actions that cannot be undone (an anonymised person's data is gone). */
export const IRREVERSIBLE_BULK_ACTIONS: readonly BulkJobAction[] = ['anonymise'];
export const UNDO_DAYS = 7;

/** Why a person was skipped, why the action failed for them, or why undo refused them. */
export const BULK_REASONS = [
  'out_of_scope',
  'not_allowed',
  'outranks',
  'self',
  'hr_managed',
  'illegal_transition',
  'unchanged',
  'invalid_manager',
  'changed_since',
  'not_undoable',
  'failed',
] as const;
export type BulkReason = (typeof BULK_REASONS)[number];

/** What a reason means, for people (the UI and the results CSV): never the state machine's raw text. */
export const REASON_TEXT: Record<BulkReason, string> = {
  out_of_scope: 'Not found or outside your scope',
  not_allowed: 'You are not allowed to do this for this person',
  outranks: 'Their role is equal to or above yours',
  self: 'You cannot do this to yourself',
  hr_managed: 'Managed by HR (SCIM): change it there',
  illegal_transition: 'Not possible in their current status',
  unchanged: 'Already so: nothing to change',
  invalid_manager: 'This manager would create a reporting cycle',
  changed_since: 'Changed since the bulk action: left as it is now',
  not_undoable: 'This change cannot be undone',
  failed: 'Refused when applied',
};

export const BULK_STATUSES = ['queued', 'running', 'done', 'failed', 'undone'] as const;

const id = z.string().min(1).max(100);
/** The People list's query keys (`GET /users`), as strings; lists may also be arrays. */
const filterValue = z.union([z.string().max(200), z.boolean(), z.array(z.string().max(200)).max(20)]);

export const bulkParamsSchema = z
  .object({
    /** set_expiry: the end date. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    /** set_role */
    role: z.enum(ROLES).optional(),
    /** set_manager: the manager, or null to clear it. */
    managerId: id.nullable().optional(),
    /** add_to_team, remove_from_team */
    teamId: id.optional(),
    /** delete, anonymise: the number of people matched, typed by the caller. */
    confirm: z.union([z.string().max(50), z.number()]).optional(),
  })
  .strict();
export type BulkParams = z.infer<typeof bulkParamsSchema>;

export const createBulkActionSchema = z
  .object({
    action: z.enum(BULK_JOB_ACTIONS),
    ids: z.array(id).min(1).max(100_000).optional(),
    filter: z.record(z.string().max(100), filterValue).optional(),
    params: bulkParamsSchema.optional(),
    dryRun: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), {
    message: 'Give either ids or filter.',
    path: ['ids'],
  });
export type CreateBulkAction = z.infer<typeof createBulkActionSchema>;

const reasonCounts = z.record(z.string(), z.number());

export const bulkImpactSchema = z.object({
  action: z.enum(BULK_JOB_ACTIONS),
  /** People the ids or filter name (out-of-scope ones only counted). */
  matched: z.number(),
  /** People the action would change. */
  change: z.number(),
  /** People left as they are, by reason. */
  skipped: reasonCounts,
  /** Of matched: ids that are unknown or outside the caller's scope (never named). */
  outOfScope: z.number(),
  groups: z.array(z.object({ id: z.string(), name: z.string(), joining: z.number(), leaving: z.number() })),
  /** People holding a seat (not deactivated, expired, anonymised or deleted): before and after the action. */
  seats: z.object({ before: z.number().nullable(), after: z.number().nullable(), change: z.number() }),
  /** For delete and anonymise: what `params.confirm` must be. */
  confirm: z.string().nullable(),
  undoable: z.boolean(),
});
export type BulkImpact = z.infer<typeof bulkImpactSchema>;

export const bulkCreatedSchema = z.object({ id: z.string() });

export const bulkActionSchema = z.object({
  id: z.string(),
  action: z.enum(BULK_JOB_ACTIONS),
  status: z.enum(BULK_STATUSES),
  /** 'undo' once undo was asked for: status then tells how the undo goes. */
  phase: z.enum(['run', 'undo']),
  total: z.number(),
  /** Changed so far. */
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
  outOfScope: z.number(),
  /** done + failed + skipped + outOfScope: the progress bar's position out of total. */
  processed: z.number(),
  undone: z.number(),
  undoRefused: z.number(),
  skippedByReason: reasonCounts,
  params: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Until when undo may be asked for; null when it cannot (not done, irreversible, already undone). */
  undoUntil: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type BulkActionDto = z.infer<typeof bulkActionSchema>;
