import { z } from 'zod';
import { STATUSES } from '../domain';
import { cursorPageOf, listOf, namedPersonSchema, pageOf, timestamp } from './common';

/** A rule node (docs/api.md): `{"all": [...]}`, `{"any": [...]}`, `{"not": node}` or `{"field", "op", "value"}`. */
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | RuleCondition;
export interface RuleCondition {
  field: string;
  op: string;
  value?: unknown;
}
/** Rules are validated by the server's rules module (errors at the JSON path of the bad node); here they are only typed. */
export const ruleNodeSchema = z.unknown() as z.ZodType<RuleNode>;

export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  rules: ruleNodeSchema,
  hasDateRules: z.boolean(),
  memberCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Group = z.infer<typeof groupSchema>;
export const groupListSchema = pageOf(groupSchema);

/** Someone a rule selects, as previews and member lists show them. */
export const groupPersonSchema = namedPersonSchema.extend({
  status: z.enum(STATUSES),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  location: z.string().nullable(),
});
export type GroupPerson = z.infer<typeof groupPersonSchema>;

export const groupPreviewSchema = z.object({ count: z.number().int(), sample: z.array(groupPersonSchema) });
export const groupMemberSchema = groupPersonSchema.extend({ since: timestamp });
export type GroupMember = z.infer<typeof groupMemberSchema>;
export const groupMemberPageSchema = pageOf(groupMemberSchema);

export const groupEventSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  userId: z.string(),
  userName: z.string(),
  kind: z.enum(['join', 'leave']),
  cause: z.string(),
  at: timestamp,
});
export type GroupEvent = z.infer<typeof groupEventSchema>;
export const groupEventPageSchema = cursorPageOf(groupEventSchema);

/** `GET /users/{id}/groups`: the groups someone belongs to now. */
export const userGroupsSchema = listOf(z.object({ id: z.string(), name: z.string(), since: timestamp }));
