import { z } from 'zod';
import { ENGAGEMENTS, ROLES, STATUSES } from '../../../common/domain';
import { canonicalEmail, emailProblem } from './email';
import { PROFILE_FIELD_NAMES, PROFILE_FIELDS, type ProfileField } from '../../../common/profileFields';

/** An address as typed: invisible characters refused, then its canonical form (./email.ts) checked and kept. */
export const emailSchema = z
  .string()
  .max(254)
  .superRefine((e, ctx) => {
    const problem = emailProblem(e);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(canonicalEmail)
  .pipe(z.email({ pattern: z.regexes.unicodeEmail, message: 'Enter a valid email address.' }).max(254));

const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'Use an ISO-8601 date and time, e.g. 2026-01-31T09:00:00Z.',
});
const text = (max = 200) => z.string().trim().max(max);

/** Profile fields that POST and PATCH share (docs/api.md names): each field's validation, from its one declaration. */
const profileFields = {
  ...(Object.fromEntries(PROFILE_FIELD_NAMES.filter((f) => f !== 'role').map((f) => [f, PROFILE_FIELDS[f].input])) as {
    [F in Exclude<ProfileField, 'role'>]: (typeof PROFILE_FIELDS)[F]['input'];
  }),
  customFields: z.record(z.string(), z.unknown()).optional(),
};

export const createUserSchema = z
  .object({
    email: emailSchema,
    ...profileFields,
    lastName: text(100).default(''),
    role: z.enum(ROLES).default('learner'),
    teamIds: z.array(z.string()).max(100).optional(),
    invite: z.enum(['now', 'scheduled', 'none']).default('none'),
    inviteAt: isoDateTime.optional(),
  })
  .strict()
  .refine((v) => v.invite !== 'scheduled' || v.inviteAt, {
    message: 'inviteAt is required when invite is "scheduled".',
    path: ['inviteAt'],
  });
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    email: emailSchema.optional(),
    ...profileFields,
    firstName: profileFields.firstName.optional(),
    lastName: text(100).optional(),
    role: z.enum(ROLES).optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

// The answers' shapes live in the contract, which the UI reads too.
export { userDetailSchema, userSchema, type User as UserDto } from '../../../common/contract/users';

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

const boolString = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    status: csv(STATUSES).optional(),
    role: csv(ROLES).optional(),
    managerId: z.string().max(100).optional(),
    /** Direct and indirect reports of this user. */
    reportsTo: z.string().max(100).optional(),
    onBreak: boolString.optional(),
    engagement: z.enum(ENGAGEMENTS).optional(),
    deleted: boolString.optional(),
    /** Last signed in before this instant (people who never signed in are not included: see neverSignedIn). */
    lastSignInBefore: isoDateTime.optional(),
    neverSignedIn: boolString.optional(),
    sort: z.enum(['name', '-name', 'createdAt', '-createdAt', 'email', '-email']).default('name'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .catchall(z.string().max(200)); // cf.<key> filters; other unknown keys are refused in the handler
export type ListQuery = z.infer<typeof listQuerySchema>;
