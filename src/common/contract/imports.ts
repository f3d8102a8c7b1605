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
  /** Headers the file has that are no column of an import: their cells are never read. */
  unknownColumns: z.array(z.string()),
  /** The unknown columns someone chose to ignore; the commit waits until every unknown column is ignored. */
  ignoredColumns: z.array(z.string()),
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

/** PUT /imports/{id}/ignored-columns: the unknown columns to ignore (the whole list). */
export const ignoredColumnsInputSchema = z.object({ columns: z.array(z.string().max(200)).max(500) }).strict();

/** What the preview would do, in a few lines: read before the rows (docs/imports.md "Preview"). */
export const importSummarySchema = z.object({
  counts: countsSchema,
  /** Update rows by the field they change, most changed first ("department: 12 people"). */
  updatedFields: z.array(z.object({ field: z.string(), people: z.number().int() })),
  /** Updates worth a second look: a person with direct reports deactivated or given an end date. */
  warnings: z.array(
    z.object({
      kind: z.enum(['deactivates_manager', 'expires_manager']),
      line: z.number().int(),
      userId: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      reports: z.number().int(),
    }),
  ),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;
