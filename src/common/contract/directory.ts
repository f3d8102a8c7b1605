import { z } from 'zod';
import { namedPersonSchema, pageOf } from './common';

/** A colleague as the directory lists them: only the custom fields marked visible in the directory. */
export const directoryEntrySchema = namedPersonSchema.extend({
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  location: z.string().nullable(),
  photoUrl: z.string().nullable(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  customFields: z.record(z.string(), z.unknown()),
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;
export const directoryPageSchema = pageOf(directoryEntrySchema);
