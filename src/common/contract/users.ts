import { z } from 'zod';
import { ENGAGEMENTS, ROLES, STATUSES } from '../domain';
import { USER_ACTIONS } from './actions';
import { PROFILE_FIELD_NAMES, PROFILE_FIELDS, type ProfileField } from '../profileFields';
import { listOf, pageOf, timestamp } from './common';

/** A user as the API returns it (docs/api.md "A user object"). */
export const userSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  status: z.enum(STATUSES),
  role: z.enum(ROLES),
  managerId: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  location: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string().nullable(),
  timeZone: z.string().nullable(),
  hireDate: z.string().nullable(),
  employeeId: z.string().nullable(),
  photoUrl: z.string().nullable(),
  onBreak: z.boolean(),
  /** Left out of the colleague directory at their own wish (the People list still shows them). */
  hiddenFromDirectory: z.boolean(),
  breakUntil: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  invitedAt: timestamp.nullable(),
  inviteScheduledAt: timestamp.nullable(),
  confirmedAt: timestamp.nullable(),
  engagement: z.enum(ENGAGEMENTS).nullable(),
  firstLearningActivityAt: timestamp.nullable(),
  customFields: z.record(z.string(), z.unknown()),
  statusBeforeDeactivation: z.enum(STATUSES).nullable(),
  deletedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** "scim" when HR provisions this user; hrManagedFields are then read-only outside SCIM. */
  managedBy: z.enum(['scim']).nullable(),
  hrManagedFields: z.array(z.string()),
  deactivatedByHr: z.boolean(),
  /** The last successful sign-in of the person themselves (not "login as"). */
  lastSignInAt: timestamp.nullable(),
  /** The last request of any of their sessions, to the minute. */
  lastActivityAt: timestamp.nullable(),
});
export type User = z.infer<typeof userSchema>;

export const userDetailSchema = userSchema.extend({
  /** What this viewer may do to this user now (the UI shows only these). */
  allowedActions: z.array(z.enum(USER_ACTIONS)),
});
export type UserDetail = z.infer<typeof userDetailSchema>;

/**
 * A page of the People list. `total` is exact unless `totalIsLowerBound`: then at least that many people match
 * (the list counts up to a bound, ROSTER_LIST_TOTAL_BOUND; GET /users/counts stays exact).
 */
export const userPageSchema = pageOf(userSchema).extend({ totalIsLowerBound: z.boolean() });

export const statusCountsSchema = z.object({
  counts: z.partialRecord(z.enum(STATUSES), z.number().int()),
  total: z.number().int(),
});
export type StatusCounts = z.infer<typeof statusCountsSchema>;

export const statusHistoryItemSchema = z.object({
  fromStatus: z.enum(STATUSES).nullable(),
  toStatus: z.enum(STATUSES),
  /** The lifecycle event (people/lifecycle.ts EVENTS) or how the user came to be. */
  event: z.string(),
  actorId: z.string().nullable(),
  at: timestamp,
});
export type StatusHistoryItem = z.infer<typeof statusHistoryItemSchema>;
export const statusHistorySchema = listOf(statusHistoryItemSchema);

export const INVITATION_DELIVERIES = ['queued', 'sent', 'failed', 'bounced', 'cancelled'] as const;

/** One invitation link in a user's history (never its token). */
export const invitationSchema = z.object({
  id: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp,
  state: z.enum(['active', 'used', 'revoked']),
  revokedReason: z.string().nullable(),
  usedAt: timestamp.nullable(),
  delivery: z.enum(INVITATION_DELIVERIES),
  deliveryError: z.string().nullable(),
  deliveredAt: timestamp.nullable(),
  sentBy: z.string().nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationHistorySchema = listOf(invitationSchema);

/** `POST /users/bulk`: one result per distinct user, in the order sent. */
export const bulkResultSchema = z.object({
  results: z.array(
    z.object({
      userId: z.string(),
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

/*
 * What the UI sends: the request bodies of POST /users, PATCH /users/{id} and PATCH /me. The server's schemas
 * (server modules/people/schemas.ts, auth/routes.ts) are these with the email address checked and made
 * canonical, so the web's request types (z.input of these) cannot drift from what the server accepts.
 */
const text = (max = 200) => z.string().trim().max(max);
/** Each profile field's validation, from its one declaration (src/common/profileFields.ts). */
const profileInputs = {
  ...(Object.fromEntries(PROFILE_FIELD_NAMES.filter((f) => f !== 'role').map((f) => [f, PROFILE_FIELDS[f].input])) as {
    [F in Exclude<ProfileField, 'role'>]: (typeof PROFILE_FIELDS)[F]['input'];
  }),
  customFields: z.record(z.string(), z.unknown()).optional(),
};

export const createUserBody = z.object({
  email: z.string(),
  ...profileInputs,
  lastName: text(100).default(''),
  role: z.enum(ROLES).default('learner'),
  teamIds: z.array(z.string()).max(100).optional(),
  invite: z.enum(['now', 'scheduled', 'none']).default('none'),
  inviteAt: z.iso
    .datetime({ offset: true, message: 'Use an ISO-8601 date and time, e.g. 2026-01-31T09:00:00Z.' })
    .optional(),
});
export type CreateUserBody = z.input<typeof createUserBody>;

export const updateUserBody = z.object({
  email: z.string().optional(),
  ...profileInputs,
  firstName: profileInputs.firstName.optional(),
  lastName: text(100).optional(),
  role: z.enum(ROLES).optional(),
});
export type UpdateUserBody = z.input<typeof updateUserBody>;

export const updateMeBody = z.object({
  email: z.string().optional(),
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
  jobTitle: z.string().trim().max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .nullable()
    .optional(),
  // The profile table's check (an IANA zone Intl knows), as on POST and PATCH /users: "Mars/Olympus" is refused.
  timeZone: PROFILE_FIELDS.timeZone.input,
  photoUrl: z.url().max(2000).nullable().optional(),
  onBreak: z.boolean().optional(),
  breakUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  hiddenFromDirectory: z.boolean().optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateMeBody = z.input<typeof updateMeBody>;
