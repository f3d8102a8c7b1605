import { z } from 'zod';
import { personRefSchema } from './reports';

/** The data-quality radar (`GET /api/v1/reports/data-quality`, docs/decisions/020-insight.md). */
export const DATA_QUALITY_KINDS = [
  'duplicate',
  'deactivated_manager',
  'dangling_manager',
  'no_team',
  'expired_invitation',
] as const;
export type DataQualityKind = (typeof DATA_QUALITY_KINDS)[number];

/** The findings a single request can fix for everyone affected (each through the use case a person's page uses). */
export const FIXABLE_KINDS = ['dangling_manager', 'expired_invitation'] as const satisfies readonly DataQualityKind[];

export const findingSchema = z.object({
  kind: z.enum(DATA_QUALITY_KINDS),
  /** Everyone affected (pairs, for duplicates). */
  total: z.number().int(),
  /** The first ones, by name. */
  items: z.array(
    z.object({
      person: personRefSchema,
      /** The other person of a duplicate pair; the deactivated manager. */
      other: personRefSchema.nullable(),
      /** Why two people look like one: the same employee id, or the same name and a similar email. */
      reason: z.enum(['employee_id', 'name_and_email']).nullable(),
    }),
  ),
});
export const dataQualitySchema = z.object({ findings: z.array(findingSchema) });
export type DataQuality = z.infer<typeof dataQualitySchema>;
export type Finding = z.infer<typeof findingSchema>;

export const fixBodySchema = z.object({ kind: z.enum(FIXABLE_KINDS) }).strict();
export const fixResultSchema = z.object({
  matched: z.number().int(),
  fixed: z.number().int(),
  failed: z.number().int(),
});
export type FixResult = z.infer<typeof fixResultSchema>;
