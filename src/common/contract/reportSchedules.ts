import { z } from 'zod';
import { timestamp } from './common';
import { personRefSchema } from './reports';

/** Scheduled report emails (`/api/v1/reports/schedules`, docs/decisions/020-insight.md). */
export const SCHEDULED_REPORTS = ['summary', 'inactive', 'pending-invitations', 'movements', 'forecast'] as const;
export type ScheduledReport = (typeof SCHEDULED_REPORTS)[number];
export const CADENCES = ['weekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

export const reportScheduleSchema = z.object({
  id: z.string(),
  report: z.enum(SCHEDULED_REPORTS),
  /** Weekly: Mondays; monthly: the 1st (UTC), from the first job run of that day. */
  cadence: z.enum(CADENCES),
  recipients: z.array(personRefSchema),
  createdAt: timestamp,
  lastSentAt: timestamp.nullable(),
  /** The day the next mail goes out. */
  nextOn: z.string(),
});
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

export const createReportScheduleSchema = z
  .object({
    report: z.enum(SCHEDULED_REPORTS),
    cadence: z.enum(CADENCES),
    recipientIds: z.array(z.string().max(100)).min(1).max(50),
  })
  .strict();
export type CreateReportSchedule = z.infer<typeof createReportScheduleSchema>;
