import { z } from 'zod';
import { namedPersonSchema } from './common';

/** A leaver's hand-over (docs/api.md "Hand-over"): who takes their reports and teams; null leaves them without. */
export const handOverPlanSchema = z.object({ to: z.string().min(1).max(100).nullable() }).strict();
export type HandOverPlan = z.infer<typeof handOverPlanSchema>;

export const handOverPreviewSchema = z.object({
  userId: z.string(),
  /** Their own manager, when still active: the default. */
  proposedTo: namedPersonSchema.nullable(),
  /** The person this preview hands over to (`?to=`, or the proposal). */
  to: namedPersonSchema.nullable(),
  /** Direct reports; `refusal` says why one cannot move (someone outside the caller's scope has no id or name). */
  reports: z.array(namedPersonSchema.extend({ id: z.string().nullable(), refusal: z.string().nullable() })),
  /** Teams they manage: the duty (and the join requests waiting for a manager) moves to `to`. */
  teams: z.array(
    z.object({ id: z.string(), name: z.string(), otherManagers: z.number(), pendingJoinRequests: z.number() }),
  ),
  /** Notes they wrote about these reports: they stay on those profiles, under their name. */
  notesAboutReports: z.number(),
});
export type HandOverPreview = z.infer<typeof handOverPreviewSchema>;
