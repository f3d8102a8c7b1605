import { z } from 'zod';
import { STATUSES } from '../domain';
import { timestamp } from './common';

/**
 * Home and the reports (`/api/v1/reports/*`, docs/decisions/020-insight.md). Days are `YYYY-MM-DD` (UTC),
 * months `YYYY-MM`.
 */
const day = z.string();
const count = z.number().int();
export const statusCountsSchema = z.object(
  Object.fromEntries(STATUSES.map((s) => [s, count])) as Record<(typeof STATUSES)[number], typeof count>,
);
export type StatusCounts = z.infer<typeof statusCountsSchema>;

export const seatsSchema = z.object({
  used: count,
  limit: count.nullable(),
  /** The statuses that use a seat (settings.seatStatuses). */
  statuses: z.array(z.enum(STATUSES)),
});

export const trendPointSchema = z.object({ day, counts: statusCountsSchema, seats: count });

export const funnelSchema = z.object({
  /** Over the last `days` days: people sent an invitation, and those of them who accepted one. */
  days: count,
  sent: count,
  accepted: count,
  /** Median hours from an invitation being sent to its acceptance; null when none was accepted. */
  medianHoursToAccept: z.number().nullable(),
  /** People whose invitation is pending now, and those whose last invitation went out over 7 and 30 days ago. */
  pending: count,
  pendingOver7Days: count,
  pendingOver30Days: count,
});

export const weekSignInsSchema = z.object({
  /** The last day of the week (the snapshot's day; today for the current week). */
  weekEnding: day,
  people: count,
});

export const personRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string().nullable() });

export const checklistSchema = z.object({
  peopleAdded: z.boolean(),
  invited: z.boolean(),
  signInSetUp: z.boolean(),
  hrSyncConnected: z.boolean(),
  teamsCreated: z.boolean(),
});

export const summarySchema = z.object({
  asOf: timestamp,
  counts: statusCountsSchema,
  total: count,
  seats: seatsSchema,
  /** One point per day that has a snapshot, over the last 90 days, oldest first. */
  trend: z.array(trendPointSchema),
  funnel: funnelSchema,
  signInsByWeek: z.array(weekSignInsSchema),
  upcomingExpiries: z.object({
    within30Days: count,
    next: z.array(personRefSchema.extend({ expiresAt: timestamp, status: z.enum(STATUSES) })),
  }),
  recentChanges: z.array(
    z.object({
      at: timestamp,
      person: personRefSchema,
      fromStatus: z.enum(STATUSES).nullable(),
      toStatus: z.enum(STATUSES),
      event: z.string(),
    }),
  ),
  checklist: checklistSchema,
});
export type Summary = z.infer<typeof summarySchema>;

export const inactivePersonSchema = personRefSchema.extend({
  role: z.string(),
  lastSignInAt: timestamp.nullable(),
  confirmedAt: timestamp.nullable(),
});
export const inactivePageSchema = z.object({
  days: count,
  items: z.array(inactivePersonSchema),
  nextCursor: z.string().nullable(),
  total: count,
});
export type InactivePage = z.infer<typeof inactivePageSchema>;

export const PENDING_AGE_BUCKETS = ['under_7_days', '7_to_30_days', '30_to_90_days', 'over_90_days'] as const;
export const pendingInvitationsSchema = z.object({
  buckets: z.array(z.object({ bucket: z.enum(PENDING_AGE_BUCKETS), people: count })),
  /** Pending people whose newest link has expired (they cannot accept without a new one). */
  linkExpired: count,
  /** The oldest pending invitations first. */
  items: z.array(personRefSchema.extend({ invitedAt: timestamp.nullable(), linkExpiresAt: timestamp.nullable() })),
  total: count,
});
export type PendingInvitations = z.infer<typeof pendingInvitationsSchema>;

export const remindResultSchema = z.object({ matched: count, reminded: count, failed: count });
export type RemindResult = z.infer<typeof remindResultSchema>;

export const movementsSchema = z.object({
  /** Joiners: people confirmed for the first time (accepted an invitation, SSO, a password set); leavers: deactivated or expired. */
  months: z.array(z.object({ month: z.string(), joiners: count, leavers: count })),
});
export type Movements = z.infer<typeof movementsSchema>;

export const forecastSchema = z.object({
  seats: seatsSchema,
  /** Seats gained (or lost) per day over the trend's days (least squares); null with under two snapshots. */
  trendPerDay: z.number().nullable(),
  scheduledInvitations: count,
  expiring: count,
  points: z.array(z.object({ day, seats: count })),
  /** The first day the forecast passes the seat limit, or null (no limit, or not within the horizon). */
  passesLimitOn: day.nullable(),
  horizonDays: count,
});
export type Forecast = z.infer<typeof forecastSchema>;

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
