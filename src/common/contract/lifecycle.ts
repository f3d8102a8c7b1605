import { z } from 'zod';
import { listOf, personName, timestamp } from './common';
import { bulkActionSchema, bulkParamsSchema } from './bulkActions';
import { STATUSES } from '../domain';

/**
 * Lifecycle rules and effective-dated changes (docs/decisions/024-lifecycle-rules.md):
 * `/api/v1/lifecycle-rules` (Owners and Admins) and `/api/v1/users/{id}/scheduled-changes`.
 */
export const LIFECYCLE_RULES = [
  'deactivate_inactive',
  'anonymise_deactivated',
  'delete_unaccepted_invitations',
  'remind_expiry',
] as const;
export type LifecycleRule = (typeof LIFECYCLE_RULES)[number];

/** What each rule does, with N for its days (the UI and the audit log's readers see this). */
export const RULE_TEXT: Record<LifecycleRule, { title: string; does: string }> = {
  deactivate_inactive: {
    title: 'Deactivate inactive people',
    does: 'Deactivates confirmed people who have not signed in for N days (never signed in: N days since they joined). People on a break, people managed by HR (SCIM) and Owners are left alone.',
  },
  anonymise_deactivated: {
    title: 'Anonymise after deactivation',
    does: 'Anonymises people who have been deactivated for N days (GDPR retention). Anonymisation cannot be undone.',
  },
  delete_unaccepted_invitations: {
    title: 'Delete invitations never accepted',
    does: 'Deletes people whose last invitation was sent N days ago and never accepted (still pending, or expired before accepting). People managed by HR (SCIM) are left alone. Deleted people can be restored for 30 days.',
  },
  remind_expiry: {
    title: 'Remind managers before an end date',
    does: "Emails a confirmed person's manager N days before the person's access ends, once per end date.",
  },
};

export const ruleParams = z.object({ rule: z.enum(LIFECYCLE_RULES) });
export const updateRuleSchema = z
  .object({ enabled: z.boolean().optional(), days: z.number().int().min(1).max(3650).optional() })
  .strict();
export const previewQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(3650).optional() }).strict();

const runSummary = z.object({
  id: z.string(),
  rule: z.enum(LIFECYCLE_RULES),
  days: z.number(),
  /** 'schedule' for the daily job, else the administrator who pressed "Run now". */
  startedBy: personName.nullable(),
  selected: z.number(),
  createdAt: timestamp,
  /** The bulk action that made the changes (progress, results CSV, undo); null for a reminder run. */
  bulkAction: bulkActionSchema.nullable(),
});
export type RuleRunDto = z.infer<typeof runSummary>;
export const ruleRunSchema = runSummary;
export const ruleRunListSchema = listOf(runSummary);

export const lifecycleRuleSchema = z.object({
  rule: z.enum(LIFECYCLE_RULES),
  enabled: z.boolean(),
  days: z.number(),
  updatedAt: timestamp.nullable(),
  updatedBy: personName.nullable(),
  lastRun: runSummary.nullable(),
});
export type LifecycleRuleDto = z.infer<typeof lifecycleRuleSchema>;
export const lifecycleRuleListSchema = listOf(lifecycleRuleSchema);

const affectedPerson = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  status: z.enum(STATUSES),
});
export const rulePreviewSchema = z.object({
  rule: z.enum(LIFECYCLE_RULES),
  days: z.number(),
  /** Everyone the rule would affect if it ran now. */
  count: z.number(),
  /** The first of them, by name. */
  people: z.array(affectedPerson),
});
export type RulePreview = z.infer<typeof rulePreviewSchema>;

export const runPeopleSchema = listOf(affectedPerson);

/** Effective-dated changes: the bulk actions' changes that make sense for one person on a later date. */
export const SCHEDULED_ACTIONS = [
  'set_manager',
  'add_to_team',
  'remove_from_team',
  'set_role',
  'set_expiry',
  'clear_expiry',
] as const;
export type ScheduledAction = (typeof SCHEDULED_ACTIONS)[number];
export const SCHEDULED_STATUSES = ['pending', 'applied', 'refused', 'cancelled'] as const;

export const createScheduledChangeSchema = z
  .object({
    action: z.enum(SCHEDULED_ACTIONS),
    params: bulkParamsSchema.omit({ confirm: true }).prefault({}),
    effectiveAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CreateScheduledChange = z.infer<typeof createScheduledChangeSchema>;

export const scheduledChangeSchema = z.object({
  id: z.string(),
  userId: z.string(),
  action: z.enum(SCHEDULED_ACTIONS),
  params: z.record(z.string(), z.unknown()),
  effectiveAt: timestamp,
  status: z.enum(SCHEDULED_STATUSES),
  /** Why it was not applied (a bulk-action reason code, explained by REASON_TEXT). */
  reason: z.string().nullable(),
  scheduledBy: personName.nullable(),
  createdAt: timestamp,
  doneAt: timestamp.nullable(),
});
export type ScheduledChangeDto = z.infer<typeof scheduledChangeSchema>;
export const scheduledChangeListSchema = listOf(scheduledChangeSchema);
export const changeParams = z.object({ id: z.string().min(1).max(100), changeId: z.string().min(1).max(100) });
