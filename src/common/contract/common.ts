import { z } from 'zod';

/** Building blocks of the response schemas (docs/api.md "Contract"). Zod only: the web imports these too. */

/** A page of a list: `limit`/`cursor` in, `{items, nextCursor, total}` out (docs/api.md conventions). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int() });

/** A page without a total (event logs, where counting would read the whole history). */
export const cursorPageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A whole, short list. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A 204: declared so the OpenAPI document and the drift check (test/contract) see the route's answer. */
export const noContent = z.void().describe('No content');

/** A 202 that only tells the caller what happens next. */
export const accepted = z.object({ message: z.string() });

/** Timestamps are ISO-8601 UTC strings. */
export const timestamp = z.string();

/** A person as lists name them (team members and managers, group members, the directory, a hand-over). */
export const namedPersonSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
});

/** Someone named in an answer (an author, an impersonator). */
export const personName = z.object({ id: z.string(), name: z.string() });
