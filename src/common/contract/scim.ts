import { z } from 'zod';
import { timestamp } from './common';

/** HR sync over SCIM 2.0 as the admin UI shows it (the SCIM protocol itself, /scim/v2, has its own schemas). */
export const scimStatusSchema = z.object({
  lastRequestAt: timestamp.nullable(),
  last24h: z.object({
    creates: z.number().int(),
    updates: z.number().int(),
    deactivations: z.number().int(),
    errors: z.number().int(),
  }),
  recentErrors: z.array(
    z.object({
      at: timestamp,
      method: z.string(),
      path: z.string(),
      status: z.number().int(),
      scimType: z.string().nullable(),
      detail: z.string(),
    }),
  ),
});
export type ScimStatus = z.infer<typeof scimStatusSchema>;

/** One field HR owns for a person: what HR last sent, the value now, and what HR's next write does to it. */
export const hrSyncFieldSchema = z.object({
  field: z.string(),
  hrValue: z.string().nullable(),
  currentValue: z.string().nullable(),
  pending: z.string().nullable(),
});
export type HrSyncField = z.infer<typeof hrSyncFieldSchema>;
export const hrSyncViewSchema = z.object({
  managedByHr: z.boolean(),
  lastSyncAt: timestamp.nullable(),
  valuesRecorded: z.boolean(),
  fields: z.array(hrSyncFieldSchema),
});
export type HrSyncView = z.infer<typeof hrSyncViewSchema>;
