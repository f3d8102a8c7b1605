import { z } from 'zod';

/** CSV imports (docs/imports.md): an import and its previewed rows. */
export const IMPORT_STATES = ['previewing', 'previewed', 'committing', 'completed', 'failed', 'cancelled'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];
/** What the preview decided for one row. */
export const ROW_ACTIONS = ['create', 'update', 'unchanged', 'skip', 'error'] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];

export const countsSchema = z.object({
  create: z.number(),
  update: z.number(),
  unchanged: z.number(),
  skip: z.number(),
  error: z.number(),
});
export type Counts = z.infer<typeof countsSchema>;

export const importSchema = z.object({
  id: z.string(),
  state: z.enum(IMPORT_STATES),
  fileName: z.string(),
  mode: z.enum(['add', 'update', 'add_update']),
  blankCells: z.enum(['keep', 'clear']),
  matchOn: z.string(),
  invite: z.enum(['now', 'scheduled', 'none']),
  inviteAt: z.string().nullable(),
  createMissingTeams: z.boolean(),
  encoding: z.enum(['utf-8', 'windows-1252']),
  delimiter: z.enum([',', ';']),
  warnings: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  progress: z.object({ done: z.number(), total: z.number() }),
  counts: countsSchema,
  createdAt: z.string(),
  createdBy: z.object({ id: z.string().nullable(), name: z.string() }),
  committedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type ImportDto = z.infer<typeof importSchema>;
export const importListSchema = z.object({ items: z.array(importSchema) });

export const rowSchema = z.object({
  line: z.number(),
  action: z.enum(ROW_ACTIONS),
  errors: z.array(z.object({ column: z.string().nullable(), message: z.string() })),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
  userId: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  outcome: z.enum(['applied', 'failed']).nullable(),
});
export type RowDto = z.infer<typeof rowSchema>;
export const rowPageSchema = z.object({ items: z.array(rowSchema), total: z.number().int() });
