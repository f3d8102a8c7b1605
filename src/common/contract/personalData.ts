import { z } from 'zod';
import { timestamp } from './common';

/** GET /users/{id}/personal-data (docs/api.md "Personal data"): the registry's exporters by module, then table. */
export const personalDataSchema = z.object({
  userId: z.string(),
  exportedAt: z.string(),
  data: z.record(z.string(), z.record(z.string(), z.unknown())),
});
export type PersonalDataExport = z.infer<typeof personalDataSchema>;

/** GET /users/{id}/anonymisation-certificate: what anonymising removed, when and by whom — never a value. */
export const anonymisationCertificateSchema = z.object({
  userId: z.string(),
  pseudonym: z.string().nullable(),
  anonymisedAt: timestamp,
  anonymisedBy: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  /** Each table that held something about the person: the columns concerned and how many rows referred to them. */
  removed: z.array(z.object({ module: z.string(), table: z.string(), columns: z.array(z.string()), rows: z.number() })),
});
export type AnonymisationCertificate = z.infer<typeof anonymisationCertificateSchema>;

/** POST /me/personal-data-request: when the emailed link stops working. */
export const personalDataRequestSchema = z.object({ expiresAt: timestamp });
