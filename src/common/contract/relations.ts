import { z } from 'zod';

/** Someone named on a profile's relations panel. */
const relatedPerson = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string().nullable(),
});

/**
 * `GET /users/{id}/relations`: a person's place in the organisation as the caller may see it. Only people in
 * the caller's scope are named or counted (docs/decisions/004-access-policy.md).
 */
export const userRelationsSchema = z.object({
  /** Their manager, that manager's manager… up to the top, nearest first; only the ones the caller sees. */
  managerChain: z.array(relatedPerson),
  /** True when someone above the last one listed is outside the caller's scope. */
  managerChainCut: z.boolean(),
  /** Their direct reports the caller sees: how many, and the first few by name. */
  directReports: z.object({ total: z.number().int(), items: z.array(relatedPerson) }),
  /** Teams they belong to or manage. */
  teams: z.array(z.object({ id: z.string(), name: z.string(), member: z.boolean(), manages: z.boolean() })),
  /** Their groups now; null when the caller may not read them (group managers and the person themselves may). */
  groups: z.array(z.object({ id: z.string(), name: z.string() })).nullable(),
});
export type UserRelations = z.infer<typeof userRelationsSchema>;
export type RelatedPerson = z.infer<typeof relatedPerson>;
